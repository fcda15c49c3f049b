print("kioskctl")
