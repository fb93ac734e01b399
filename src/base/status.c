/*
 * status.c - messages for bls_status. The switch has no default: a new
 * code without a message fails the -Werror (-Wswitch) build.
 */
#include "blsreport/base/status.h"

const char *bls_strerror(bls_status status)
{
    switch (status) {
    case BLS_OK: return "success";
    case BLS_ERR_NOMEM: return "out of memory";
    case BLS_ERR_INVALID_ARG: return "invalid argument";
    case BLS_ERR_OPEN: return "cannot open file";
    case BLS_ERR_READ: return "read error";
    case BLS_ERR_WRITE: return "write error";
    case BLS_ERR_CSV: return "malformed CSV";
    case BLS_ERR_LAYOUT: return "unrecognised layout";
    case BLS_ERR_EMPTY: return "no data";
    case BLS_ERR_LIMIT: return "input exceeds a limit";
    case BLS_ERR_XLSX: return "workbook could not be written";
    case BLS_ERR_PDF: return "PDF could not be written";
    case BLS_ERR_JSON: return "JSON summary could not be built";
    case BLS_ERR_INTERRUPTED: return "interrupted";
    case BLS_ERR_FORMAT: return "not a readable workbook (damaged, truncated or another format)";
    case BLS_ERR_ENCRYPTED: return "workbook is encrypted";
    }
    return "unknown status";
}
