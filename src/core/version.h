/* version.h: the version the binary reports (tabula version, the serve log);
 * a build may set it with -DTABULA_VERSION=... */
#ifndef TABULA_CORE_VERSION_H
#define TABULA_CORE_VERSION_H
#ifndef TABULA_VERSION
#define TABULA_VERSION "0.1.0"
#endif
#endif
