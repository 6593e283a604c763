#ifndef REPORTKIT_CLIBYAML_SHIM_H
#define REPORTKIT_CLIBYAML_SHIM_H
#include <yaml.h>
#endif
