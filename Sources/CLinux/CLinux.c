// The CLinux module is header-only (static inline functions in include/CLinux.h);
// SwiftPM needs one source file to build a C target.
#include "CLinux.h"
