/*
 * program.h - each BLS program (and the claims CSV) described as data.
 *
 * Vocabulary floor. A descriptor says, for one kind of input, everything
 * the generic stages need: the header spellings of its columns and which
 * columns a header must hold (layout.c), which columns are figures and with
 * what metric, scale and period (model.c), what each numeric column means to
 * the rules (validate.c), and how its layouts are named in messages. Adding a
 * program is one file in src/layouts/, one line in the registry
 * (src/layouts/programs.c) and its tests.
 */
#ifndef BLS_PROGRAM_H
#define BLS_PROGRAM_H

#include <stddef.h>

#include "blsreport/base/columns.h"
#include "blsreport/base/metric.h"

/** How a header cell is folded into a key before it is looked up. */
enum {
    BLS_SPELL_LETTERS = 1u << 0,       /**< letters only (EP headers carry years) */
    BLS_SPELL_CODE_IN_TITLE = 1u << 1, /**< "title and code": OCC_TITLE and OCC_CODE share it */
    BLS_SPELL_2019 = 1u << 2,          /**< a spelling OEWS uses from May 2019 on */
};

/** One accepted spelling of a column's header, as a folded key. */
typedef struct bls_spelling {
    bls_column column;
    const char *key;   /**< lower case, letters and digits only ("amedian") */
    unsigned flags;    /**< BLS_SPELL_* */
    bls_column second; /**< column for a second cell with the same key ("Employment,
                            2012" then "Employment, 2022"), or BLS_COL_COUNT */
} bls_spelling;

/** Which period a figure column refers to. */
typedef enum bls_period_role {
    BLS_PERIOD_DATA, /**< the file's survey period (OEWS: "May 2014") */
    BLS_PERIOD_BASE, /**< EP: the base year, or the year the column's header names */
    BLS_PERIOD_SPAN, /**< EP: base to projected year */
} bls_period_role;

/** A column whose cells are figures the model keeps as facts. */
typedef struct bls_fact_column {
    bls_column column;
    bls_metric metric;
    bls_period_role period;
    int thousands; /**< published in thousands (EP employment) */
} bls_fact_column;

/** What a numeric column means to the rules (validate.c reads these). */
enum {
    BLS_ROLE_EMPLOYMENT = 1u << 0,   /**< "**" (employment not available) belongs here */
    BLS_ROLE_WAGE_NA = 1u << 1,      /**< "*" and "***" (wage not available) belong here */
    BLS_ROLE_TOP_CODED = 1u << 2,    /**< "#" or ">=$N" (at or above the top code) */
    BLS_ROLE_SHARE = 1u << 3,        /**< "~" (less than 0.5 percent) belongs here */
    BLS_ROLE_NOT_NEGATIVE = 1u << 4, /**< a wage or an employment count */
    BLS_ROLE_EP = 1u << 5,           /**< EP figure: the em dash "not available" belongs here */
};

typedef struct bls_column_role {
    bls_column column;
    unsigned roles; /**< BLS_ROLE_* */
} bls_column_role;

/** Where the period of a program's figures comes from. */
typedef enum bls_period_source {
    BLS_PERIOD_SOURCE_NONE,   /**< the file holds no figures of a period (claims) */
    BLS_PERIOD_SOURCE_NAME,   /**< the file's name (OEWS: national_M2014_dl.csv), or the
                                   period the user gives (--wage-period) */
    BLS_PERIOD_SOURCE_HEADER, /**< the header's years (EP: "Employment, 2012 ... 2022") */
} bls_period_source;

/** How a recognised layout of the program is named. */
typedef enum bls_naming {
    BLS_NAMING_FIXED, /**< the descriptor's layout_name */
    BLS_NAMING_OEWS,  /**< by area / industry columns and the 2019 spellings */
    BLS_NAMING_EP,    /**< "EP projections 2012-22" from the header's years */
} bls_naming;

typedef struct bls_program {
    bls_kind kind;
    const char *layouts; /**< for the known-layouts message ("OEWS national, ...") */
    const bls_spelling *spellings;
    size_t spelling_count;
    /** A header must hold every required column and one column of the figure
     *  range [figures_first, figures_last] (or, with stacked_header, only its
     *  title: the table is then refused by name if it has no figures). */
    bls_column required[4];
    size_t required_count;
    bls_column figures_first, figures_last;
    bls_column also_figures; /**< one more column that counts as a figure, or BLS_COL_COUNT */
    int stacked_header;      /**< header rows may stack; it ends at the first data row */
    int note_rows;           /**< note, source and footnote rows follow the data */
    bls_period_source period_source;
    /** Its titles are BLS's SOC spellings ("Physical Therapist Assistants"):
     *  they replace another program's sentence-case title of the same code,
     *  whichever file came first; titles are compared within a program only. */
    int preferred_titles;
    bls_naming naming;
    const char *layout_name; /**< BLS_NAMING_FIXED */
    /** A layout with an area column whose accepted rows are all national
     *  totals is named so once read (from 2019 BLS's national file has the
     *  all-data columns): "OEWS national (all-data columns)"; NULL: never. */
    const char *national_rows_name;
    const bls_fact_column *facts;
    size_t fact_count;
    const bls_column_role *roles;
    size_t role_count;
} bls_program;

/* Each program's layouts in words, for messages; the registry joins them
 * (a test checks that every registered program's text is in the list). */
#define BLS_LAYOUTS_OEWS                                                                           \
    "OEWS national, national industry, state/metro and all-data files of every year "             \
    "(2002-2023 spellings)"
#define BLS_LAYOUTS_EP                                                                             \
    "EP occupation tables of any release (title rows, up to three stacked header rows, title "    \
    "and code together or apart, notes below)"
#define BLS_LAYOUTS_CLAIMS "claims CSV (source, occupation, metric, claimed)"

/** @brief Every registered program's layouts in one line, for messages. */
const char *bls_programs_known_layouts(void);

/** @brief Every program, in the order layout detection tries them. */
const bls_program *const *bls_programs(size_t *count);

/** @brief The descriptor of a kind, or NULL (documents, unknown). */
const bls_program *bls_program_of(bls_kind kind);

/** @brief The roles of a column in a program (0 when none). */
unsigned bls_program_roles(const bls_program *program, bls_column column);

/* The descriptors (src/layouts/). */
extern const bls_program bls_program_oews;
extern const bls_program bls_program_ep;
extern const bls_program bls_program_claims;

#endif /* BLS_PROGRAM_H */
