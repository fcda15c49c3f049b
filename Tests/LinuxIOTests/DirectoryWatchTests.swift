import Foundation
import Glibc
import Testing
import TestSupport
@testable import LinuxIO

@Suite("DirectoryWatch and FileNode")
struct DirectoryWatchTests {
    @Test("inotify reports created, replaced and removed entries by path")
    func changes() throws {
        let dir = TemporaryDirectory()
        var watch = try DirectoryWatch()
        defer { watch.close() }
        try watch.watch(dir.path)
        #expect(watch.isWatching(dir.path))
        #expect(watch.drain() == DirectoryWatch.Changes(), "nothing yet")
        try dir.write("scanner-a", "x")
        let created = watch.drain()
        #expect(created.paths.contains(dir.path + "/scanner-a"), "the new entry (an atomic write also shows its temporary file)")
        let fd = open(dir.path + "/scanner-a", O_WRONLY)
        _ = Glibc.write(fd, "y", 1)
        Glibc.close(fd)
        #expect(watch.drain() == DirectoryWatch.Changes(), "writes are not watched")
        unlink(dir.path + "/scanner-a")
        #expect(watch.drain().paths == [dir.path + "/scanner-a"])
        #expect(throws: SystemError.self) { try watch.watch(dir.path + "/missing") }
    }

    @Test("a removed directory is forgotten so it can be watched again")
    func removedDirectory() throws {
        let dir = TemporaryDirectory()
        let sub = dir.path + "/kiosk"
        try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: false)
        var watch = try DirectoryWatch()
        defer { watch.close() }
        try watch.watch(sub)
        rmdir(sub)
        _ = watch.drain()
        #expect(!watch.isWatching(sub))
    }

    @Test("file nodes tell FIFOs, files, directories and character devices apart, and replaced files")
    func nodes() throws {
        let dir = TemporaryDirectory()
        try FIFO.make(dir.path + "/fifo")
        let file = try dir.write("file", "a")
        #expect(try FileNode.at(dir.path + "/fifo").kind == .fifo)
        #expect(try FileNode.at(file).kind == .regularFile)
        #expect(try FileNode.at(dir.path).kind == .directory)
        #expect(try FileNode.at("/dev/null").kind == .characterDevice)
        let before = try FileNode.at(file)
        try "bb".write(toFile: file, atomically: true, encoding: .utf8)
        let after = try FileNode.at(file)
        #expect(!after.isSameFile(as: before) && after.identity != before.identity, "an atomic replace is another file")
        #expect(throws: SystemError(code: ENOENT, call: "stat('\(dir.path)/none')")) { try FileNode.at(dir.path + "/none") }
        #expect(directoryEntries(dir.path) == ["fifo", "file"])
        #expect(directoryEntries(dir.path + "/none").isEmpty)
    }

    @Test("evdev ioctls fail with ENOTTY on what is not an input device")
    func ioctlsOnNonEvdev() throws {
        let null = try FileDescriptor.open("/dev/null", .readOnly)
        defer { null.close() }
        #expect(throws: SystemError(code: ENOTTY, call: "ioctl('/dev/null', EVIOCGRAB)")) { try null.grabInputDevice() }
        #expect(throws: SystemError.self) { try null.inputDeviceName() }
        #expect(throws: SystemError.self) { try null.inputDeviceID() }
        #expect(InputEventLayout.size == 24)
        #expect(InputDeviceID(busType: 3, vendor: 0x0c2e, product: 0xb61, version: 1).usbID == "0c2e:0b61")
    }
}
