/*
 * test_aliases.c - name normalisation and resolution to SOC codes.
 *
 * Occupation titles and codes below are real SOC 2010 titles; the facts
 * added to the models are synthetic placeholders (value 1) - only the
 * titles matter here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "alloc_sweep.h"
#include "blsreport/check/aliases.h"
#include "blsreport/check/model.h"
#include "check/aliases_internal.h"

static bls_model *model_of(const char *const (*rows)[2], size_t count)
{
    bls_model *m = bls_model_new();
    assert_non_null(m);
    for (size_t i = 0; i < count; i++) {
        bls_fact fact;
        memset(&fact, 0, sizeof fact);
        fact.metric = BLS_METRIC_MEDIAN_ANNUAL_WAGE;
        fact.period.year_from = fact.period.year_to = 2014;
        fact.value = bls_number_make(1, 0); /* synthetic */
        fact.path = "synthetic";
        assert_int_equal(bls_model_add_fact(m, rows[i][0], rows[i][1], BLS_GROUP_DETAILED, &fact),
                         BLS_OK);
    }
    bls_model_finish(m);
    return m;
}

static const char *const seed_titles[][2] = {
    {"31-2021", "Physical Therapist Assistants"},
    {"29-2053", "Psychiatric Technicians"},
    {"29-2071", "Medical Records and Health Information Technicians"},
    {"31-2011", "Occupational Therapy Assistants"},
    {"29-2054", "Respiratory Therapy Technicians"},
};

/* Compares "name: codes" so that a failure names the case. */
static void resolve_expect(const bls_model *model, const char *name, const char *expected)
{
    bls_name_match m;
    char got[256], want[256];
    bls_aliases_resolve(model, name, strlen(name), &m);
    /* the index of normalised titles gives the very same answer */
    bls_alias_index *idx = bls_alias_index_new(model);
    assert_non_null(idx);
    bls_name_match indexed;
    bls_aliases_resolve_in(idx, name, strlen(name), &indexed);
    bls_alias_index_free(idx);
    assert_int_equal(indexed.count, m.count);
    for (size_t i = 0; i < m.count && i < BLS_ALIAS_MAX_CANDIDATES; i++)
        assert_string_equal(indexed.soc_codes[i], m.soc_codes[i]);
    snprintf(got, sizeof got, "%s:", name);
    for (size_t i = 0; i < m.count; i++) {
        strcat(got, " ");
        strcat(got, m.soc_codes[i]);
    }
    snprintf(want, sizeof want, "%s:%s%s", name, *expected ? " " : "", expected);
    assert_string_equal(got, want);
}

/* ---- normalisation ---------------------------------------------------- */

static void test_normalise_table(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"Physical Therapy Assistants", "physical therapy assistant"},
        {"health information techs", "health information technician"},
        {"Health Information Tech", "health information technician"},
        {"The Psychiatric Technicians", "psychiatric technician"},
        {"the the", "the"},
        {"Medical Records & Health-Information Technicians",
         "medical record and health information technician"},
        {"  physical\t therapy\n\nassistants. ", "physical therapy assistant"},
        {"associate's degree", "associate degree"},
        {"associate\xE2\x80\x99s degrees", "associate degree"},
        {"physical therapy aide/assistant", "physical therapy aide assistant"},
        {"CareersPhysical Therapy Assistant", "career physical therapy assistant"},
        {"Secretaries", "secretary"},
        {"Classes", "class"},
        {"Bus drivers", "bus driver"},
        {"2012\xE2\x80\x93"
         "2022",
         "2012 2022"},
        {"", ""},
        {"---", ""},
    };
    char buf[128];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = bls_aliases_normalise(cases[i][0], strlen(cases[i][0]), buf, sizeof buf);
        assert_string_equal(buf, cases[i][1]);
        assert_int_equal(n, strlen(cases[i][1]));
    }
}

static void test_normalise_is_idempotent(void **state)
{
    (void)state;
    static const char *const names[] = {"Respiratory Therapy Technicians", "Tellers",
                                        "Glasses makers", "Status analysts", "Dental hygienists"};
    char once[128], twice[128];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = bls_aliases_normalise(names[i], strlen(names[i]), once, sizeof once);
        assert_true(n > 0);
        assert_int_equal(bls_aliases_normalise(once, n, twice, sizeof twice), n);
        assert_string_equal(once, twice);
    }
}

static void test_normalise_too_small_buffer_returns_zero(void **state)
{
    (void)state;
    char buf[8] = "x";
    assert_int_equal(bls_aliases_normalise("psychiatric technicians", 23, buf, sizeof buf), 0);
    assert_string_equal(buf, "");
    assert_int_equal(bls_aliases_normalise("aide", 4, buf, 0), 0);
    assert_int_equal(bls_aliases_normalise(NULL, 4, buf, sizeof buf), 0);
}

static void test_normalise_title_drops_trailing_code(void **state)
{
    (void)state;
    char buf[64];
    assert_true(bls_aliases_normalise_title("Psychiatric technicians (29-2053)", buf, sizeof buf) >
                0);
    assert_string_equal(buf, "psychiatric technician");
    assert_int_equal(bls_aliases_normalise_title(NULL, buf, sizeof buf), 0);
}

/* ---- the alias table ------------------------------------------------------ */

/* Every row of the table, written as an article would write it. */
static void test_every_alias_row_resolves_without_a_model(void **state)
{
    (void)state;
    static const char *const cases[][2] = {
        {"physical therapy assistants", "31-2021"},
        {"Physical Therapist Assistant", "31-2021"},
        {"physical therapy aides", "31-2022"},
        {"physical therapist aides", "31-2022"},
        {"occupational therapy assistants", "31-2011"},
        {"occupational therapist assistants", "31-2011"},
        {"occupational therapy aides", "31-2012"},
        {"occupational therapist aide", "31-2012"},
        {"psychiatric technicians", "29-2053"},
        {"Mental Health Technician", "29-2053"},
        {"medical records and health information techs", "29-2071"},
        {"health information technicians", "29-2071"},
        {"medical records technicians", "29-2071"},
        {"Respiratory therapy assistants", "29-2054"},
        {"respiratory therapy technicians", "29-2054"},
        {"respiratory therapist assistants", "29-2054"},
        {"therapeutic health technicians", "29-2054 31-2011 31-2021"},
    };
    size_t n = sizeof cases / sizeof cases[0];
    assert_int_equal(bls_aliases_table_count(), n);
    for (size_t i = 0; i < n; i++)
        resolve_expect(NULL, cases[i][0], cases[i][1]);
}

static void test_alias_table_names_are_normalised(void **state)
{
    (void)state;
    char buf[128];
    for (size_t i = 0; i < bls_aliases_table_count(); i++) {
        const char *name = bls_aliases_table_name(i);
        assert_true(bls_aliases_normalise(name, strlen(name), buf, sizeof buf) > 0);
        assert_string_equal(buf, name);
    }
    assert_null(bls_aliases_table_name(bls_aliases_table_count()));
}

/* ---- model titles, containment, ambiguity ---------------------------------- */

static void test_model_title_matches_exactly(void **state)
{
    (void)state;
    static const char *const titles[][2] = {{"53-3022", "Bus Drivers, School or Special Client"},
                                            {"43-3071", "Tellers"}};
    bls_model *m = model_of(titles, 2);
    resolve_expect(m, "tellers", "43-3071");
    resolve_expect(m, "Bus drivers, school or special client", "53-3022");
    bls_model_free(m);
}

static void test_ep_title_with_code_matches(void **state)
{
    (void)state;
    static const char *const titles[][2] = {{"29-2053", "Psychiatric technicians (29-2053)"}};
    bls_model *m = model_of(titles, 1);
    resolve_expect(m, "Psychiatric Technicians", "29-2053");
    bls_model_free(m);
}

static void test_qualified_title_matches_by_containment(void **state)
{
    (void)state;
    bls_model *m = model_of(seed_titles, 5);
    resolve_expect(m, "licensed psychiatric technicians", "29-2053");
    resolve_expect(m, "certified occupational therapy assistant", "31-2011");
    bls_model_free(m);
}

static void test_shortened_name_is_ambiguous(void **state)
{
    (void)state;
    bls_model *m = model_of(seed_titles, 5);
    /* occupational / respiratory therapy assistants, physical therapy assistants */
    resolve_expect(m, "therapy assistants", "29-2054 31-2011 31-2021");
    resolve_expect(m, "health information", "29-2071");
    bls_model_free(m);
}

static void test_unknown_names_resolve_to_nothing(void **state)
{
    (void)state;
    bls_model *m = model_of(seed_titles, 5);
    resolve_expect(m, "astronauts", "");
    resolve_expect(m, "and", "");
    resolve_expect(m, "the", "");
    resolve_expect(m, "", "");
    bls_name_match match;
    bls_aliases_resolve(m, NULL, 3, &match);
    assert_int_equal(match.count, 0);
    bls_aliases_resolve(m, "x", 1, NULL); /* no crash */
    bls_model_free(m);
}

static void test_title_and_alias_disagreeing_is_ambiguous(void **state)
{
    (void)state;
    /* synthetic: a model that gives an alias name another code */
    static const char *const titles[][2] = {{"29-9999", "Mental Health Technicians"}};
    bls_model *m = model_of(titles, 1);
    resolve_expect(m, "mental health techs", "29-2053 29-9999");
    bls_model_free(m);
}

static void test_candidates_are_sorted_whatever_the_insertion_order(void **state)
{
    (void)state;
    static const char *const forward[][2] = {{"43-4011", "Brokerage Clerks"},
                                             {"43-4021", "Correspondence Clerks"},
                                             {"43-3021", "Billing and Posting Clerks"}};
    static const char *const backward[][2] = {{"43-3021", "Billing and Posting Clerks"},
                                              {"43-4021", "Correspondence Clerks"},
                                              {"43-4011", "Brokerage Clerks"}};
    bls_model *a = model_of(forward, 3), *b = model_of(backward, 3);
    resolve_expect(a, "clerks", "43-3021 43-4011 43-4021");
    resolve_expect(b, "clerks", "43-3021 43-4011 43-4021");
    bls_model_free(a);
    bls_model_free(b);
}

static void test_candidates_are_capped_at_the_smallest_codes(void **state)
{
    (void)state;
    static const char *const titles[][2] = {
        {"43-9999", "Clerks A"}, {"43-9011", "Clerks B"}, {"43-9022", "Clerks C"},
        {"43-9041", "Clerks D"}, {"43-4011", "Clerks E"}, {"43-4021", "Clerks F"},
        {"43-4031", "Clerks G"}, {"43-4041", "Clerks H"}, {"43-3021", "Clerks I"},
        {"43-3031", "Clerks J"},
    };
    bls_model *m = model_of(titles, 10);
    resolve_expect(m, "clerks", "43-3021 43-3031 43-4011 43-4021 43-4031 43-4041 43-9011 43-9022");
    bls_model_free(m);
}

/* 29-2070 and 29-2071 share their title (OEWS lists the broad code whose
 * only member has it): a name names the detailed one, with or without the
 * index. */
static void test_a_broad_twin_resolves_to_its_detailed_code(void **state)
{
    (void)state;
    static const char *const twins[][2] = {
        {"29-2070", "Medical Records and Health Information Technicians"},
        {"29-2071", "Medical Records and Health Information Technicians"},
        {"29-2050", "Health Practitioner Support Technologists and Technicians"},
    };
    bls_model *m = model_of(twins, 3);
    resolve_expect(m, "medical records and health information technician", "29-2071");
    bls_model_free(m);
}

static void test_index_allocation_failures_give_null_without_leaks(void **state)
{
    (void)state;
    bls_model *m = model_of(seed_titles, 5);
    bls_alias_index *idx = NULL;
    int fired = 1;
    for (long n = 0; n < 100000 && fired; n++) {
        bls_alias_index_free(idx);
        sweep_fail_after(n);
        idx = bls_alias_index_new(m);
        fired = sweep_end_run();
    }
    assert_false(fired);
    assert_non_null(idx);
    bls_name_match out;
    bls_aliases_resolve_in(NULL, "x", 1, &out);
    assert_int_equal(out.count, 0);
    bls_alias_index_free(idx);
    bls_alias_index_free(NULL);
    bls_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise_table),
        cmocka_unit_test(test_normalise_is_idempotent),
        cmocka_unit_test(test_normalise_too_small_buffer_returns_zero),
        cmocka_unit_test(test_normalise_title_drops_trailing_code),
        cmocka_unit_test(test_every_alias_row_resolves_without_a_model),
        cmocka_unit_test(test_alias_table_names_are_normalised),
        cmocka_unit_test(test_model_title_matches_exactly),
        cmocka_unit_test(test_ep_title_with_code_matches),
        cmocka_unit_test(test_qualified_title_matches_by_containment),
        cmocka_unit_test(test_shortened_name_is_ambiguous),
        cmocka_unit_test(test_unknown_names_resolve_to_nothing),
        cmocka_unit_test(test_title_and_alias_disagreeing_is_ambiguous),
        cmocka_unit_test(test_candidates_are_sorted_whatever_the_insertion_order),
        cmocka_unit_test(test_candidates_are_capped_at_the_smallest_codes),
        cmocka_unit_test(test_a_broad_twin_resolves_to_its_detailed_code),
        cmocka_unit_test(test_index_allocation_failures_give_null_without_leaks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
