#ifndef REPORTKIT_CLIBXML2_SHIM_H
#define REPORTKIT_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
// The system ICU headers clash with Foundation's copy; the HTML parser does not need them.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlmemory.h>

/// Swift 6 rejects the mutable C global `xmlFree`; call it through a function.
static inline void reportkit_xmlFree(void *pointer) { xmlFree(pointer); }
#endif
