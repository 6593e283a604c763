// Header-only module: LLVMFuzzerRunDriver lives in the fuzzer runtime. SwiftPM wants one source file.
#include "CFuzzerDriver.h"
