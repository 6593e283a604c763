#ifndef REPORTKIT_CMALLOC_SHIM_H
#define REPORTKIT_CMALLOC_SHIM_H
// glibc's allocator controls (mallopt); Swift's Glibc module does not import malloc.h.
#if defined(__linux__) && __has_include(<malloc.h>)
#include <malloc.h>
#endif
#endif
