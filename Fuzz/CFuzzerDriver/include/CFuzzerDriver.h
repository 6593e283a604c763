#ifndef REPORTKIT_CFUZZERDRIVER_H
#define REPORTKIT_CFUZZERDRIVER_H

#include <stddef.h>
#include <stdint.h>

/// libFuzzer's entry for programs that keep their own main(): parses libFuzzer's flags
/// from argv and fuzzes `callback`. Defined by the fuzzer runtime that
/// `-sanitize=fuzzer` links in.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
