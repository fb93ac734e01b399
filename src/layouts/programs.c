/*
 * programs.c - the registry of program descriptors (program.h).
 *
 * Layout detection tries them in this order; the known-layouts message lists
 * them in this order. A new program is one line here.
 */
#include "blsreport/layouts/program.h"

static const bls_program *const registry[] = {
    &bls_program_oews,
    &bls_program_ep,
    &bls_program_claims,
};

static const char known_layouts[] = BLS_LAYOUTS_OEWS "; " BLS_LAYOUTS_EP "; " BLS_LAYOUTS_CLAIMS;

const char *bls_programs_known_layouts(void)
{
    return known_layouts;
}

const bls_program *const *bls_programs(size_t *count)
{
    if (count)
        *count = sizeof registry / sizeof registry[0];
    return registry;
}

const bls_program *bls_program_of(bls_kind kind)
{
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (registry[i]->kind == kind)
            return registry[i];
    return NULL;
}

unsigned bls_program_roles(const bls_program *program, bls_column column)
{
    for (size_t i = 0; program && i < program->role_count; i++)
        if (program->roles[i].column == column)
            return program->roles[i].roles;
    return 0;
}
