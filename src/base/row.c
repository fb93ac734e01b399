/*
 * row.c - rows as the readers hand them on (row.h).
 */
#include "blsreport/base/row.h"

#include <ctype.h>

int bls_row_is_blank(const bls_row *row)
{
    for (size_t i = 0; i < row->count; i++)
        for (size_t j = 0; j < row->fields[i].len; j++)
            if (!isspace((unsigned char)row->fields[i].data[j]))
                return 0;
    return 1;
}
