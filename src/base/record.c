/*
 * record.c - one data row of a recognised layout as a typed record.
 *
 * Vocabulary floor: the record is what the validator checks, the model
 * keeps and the workbook writes; none of them owns it.
 */
#include "blsreport/base/record.h"

#include <string.h>

#include "blsreport/base/soc.h"
#include "blsreport/base/text.h"

const char *bls_row_field(const bls_row *row, int index, size_t *len)
{
    if (!row || index < 0 || (size_t)index >= row->count || !row->fields[index].data) {
        *len = 0;
        return "";
    }
    *len = row->fields[index].len;
    return row->fields[index].data;
}

/*
 * EP tables put the code at the end of the title: "Physical therapist
 * assistants (31-2021)". Splits a trimmed field into the title before the
 * last parenthesis and the (trimmed) text inside it. Without a final
 * "(...)" the whole field is the title and the code is empty.
 */
static void split_title_and_code(const char *text, size_t len, const char **title,
                                 size_t *title_len, const char **code, size_t *code_len)
{
    bls_text_trim(&text, &len);
    *title = text;
    *title_len = len;
    *code = "";
    *code_len = 0;
    if (len == 0 || text[len - 1] != ')')
        return;
    size_t open = len - 1;
    while (open > 0 && text[open - 1] != '(')
        open--;
    if (open == 0)
        return;
    const char *inner = text + open;
    size_t inner_len = len - 1 - open;
    bls_text_trim(&inner, &inner_len);
    const char *before = text;
    size_t before_len = open - 1;
    bls_text_trim(&before, &before_len);
    *code = inner;
    *code_len = inner_len;
    *title = before;
    *title_len = before_len;
}

/* The field that holds "title (code)" in an EP layout. */
int bls_record_code_field(const bls_layout *layout)
{
    int field = layout->index[BLS_COL_OCC_TITLE];
    return field >= 0 ? field : layout->index[BLS_COL_OCC_CODE];
}

/* The code as written (trimmed), from its own column or from the title. */
const char *bls_record_code_text(const bls_layout *layout, const bls_row *row, size_t *len)
{
    const char *text;
    size_t n;
    if (layout->code_in_title) {
        const char *title, *code;
        size_t title_len;
        text = bls_row_field(row, bls_record_code_field(layout), &n);
        split_title_and_code(text, n, &title, &title_len, &code, len);
        return code;
    }
    text = bls_row_field(row, layout->index[BLS_COL_OCC_CODE], &n);
    bls_text_trim(&text, &n);
    *len = n;
    return text;
}

const char *bls_record_text(const bls_record *rec, bls_column col, size_t *len)
{
    size_t n = 0;
    const char *text = "";
    if (rec && rec->layout && (unsigned)col < BLS_COL_COUNT) {
        if (col == BLS_COL_OCC_TITLE) {
            text = rec->title ? rec->title : "";
            n = rec->title ? rec->title_len : 0;
        } else if (col == BLS_COL_OCC_CODE) {
            text = bls_record_code_text(rec->layout, rec->row, &n);
        } else {
            text = bls_row_field(rec->row, rec->layout->index[col], &n);
        }
    }
    if (len)
        *len = n;
    return text;
}

void bls_record_parse(const bls_layout *layout, const bls_row *row, bls_record *out)
{
    if (!out)
        return;
    memset(out, 0, sizeof *out); /* every num[] is BLS_CELL_EMPTY (0) */
    out->layout = layout;
    out->row = row;
    out->title = "";
    if (!layout || !row)
        return;

    for (int col = 0; col < BLS_COL_COUNT; col++) {
        int field = layout->index[col];
        if (field < 0 || (size_t)field >= row->count || !bls_column_is_numeric((bls_column)col))
            continue;
        out->num[col] = bls_cell_parse(row->fields[field].data, row->fields[field].len);
    }

    const char *code;
    size_t code_len;
    if (layout->code_in_title) {
        size_t n;
        const char *text = bls_row_field(row, bls_record_code_field(layout), &n);
        split_title_and_code(text, n, &out->title, &out->title_len, &code, &code_len);
    } else {
        code = bls_record_code_text(layout, row, &code_len);
        out->title = bls_row_field(row, layout->index[BLS_COL_OCC_TITLE], &out->title_len);
        bls_text_trim(&out->title, &out->title_len);
    }
    if (bls_soc_valid(code, code_len)) {
        memcpy(out->soc_code, code, 7);
        out->soc_code[7] = '\0';
    }

    size_t n;
    const char *text = bls_row_field(row, layout->index[BLS_COL_OCC_GROUP], &n);
    bls_text_trim(&text, &n);
    out->group = bls_occ_group_from_name(text, n);
    if (out->group == BLS_GROUP_UNKNOWN) {
        text = bls_row_field(row, layout->index[BLS_COL_EP_OCC_TYPE], &n);
        bls_text_trim(&text, &n);
        bls_occ_group type;
        if (bls_ep_occ_type(text, n, &type))
            out->group = type;
    }
    if (out->group == BLS_GROUP_UNKNOWN)
        out->group = bls_soc_level(out->soc_code);
}


/* Compare a record cell with a list of accepted codes. */
static int text_in(const bls_record *rec, bls_column col, const char *const *accepted)
{
    size_t len;
    const char *text = bls_record_text(rec, col, &len);
    for (; *accepted; accepted++)
        if (strlen(*accepted) == len && memcmp(*accepted, text, len) == 0)
            return 1;
    return 0;
}

int bls_record_is_national_total(const bls_record *rec)
{
    /* AREA_TYPE 1 is the U.S.; AREA 99 (or 99 with padding) is national.
     * NAICS "000000" is cross-industry; OWN_CODE 1235 is all ownerships
     * (private, federal, state and local government). */
    static const char *const national_types[] = {"1", NULL};
    static const char *const national_areas[] = {"99", "U.S.", "US", "0000000", NULL};
    static const char *const all_industries[] = {"000000", "0", "", NULL};
    static const char *const all_owners[] = {"1235", "123", "12345", "", NULL};
    const bls_layout *l = rec->layout;
    if (l->index[BLS_COL_AREA_TYPE] >= 0) {
        if (!text_in(rec, BLS_COL_AREA_TYPE, national_types))
            return 0;
    } else if (l->index[BLS_COL_AREA] >= 0 && !text_in(rec, BLS_COL_AREA, national_areas)) {
        return 0;
    }
    if (l->index[BLS_COL_NAICS] >= 0 && !text_in(rec, BLS_COL_NAICS, all_industries))
        return 0;
    if (l->index[BLS_COL_OWN_CODE] >= 0 && !text_in(rec, BLS_COL_OWN_CODE, all_owners))
        return 0;
    return 1;
}

