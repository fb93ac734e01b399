/*
 * survey.h - facts about the BLS surveys that every stage may need: the
 * OEWS top-code caps by year, the 2,080 hours of a work year, and the
 * survey period BLS writes into its file names.
 *
 * Vocabulary floor: no pipeline stage owns these; validate, model, the
 * pipeline and the renderers all read them from here.
 */
#ifndef BLS_SURVEY_H
#define BLS_SURVEY_H

#include "blsreport/base/period.h"

/** Hours in BLS's work year: annual wage = hourly wage x 2,080. */
#define BLS_HOURS_PER_YEAR 2080

/**
 * @brief The OEWS top-code cap on annual wages for a May survey year, in
 * dollars: $145,600 (2002-2007), $166,400 (2008-2010), $187,200 (2011-2015),
 * $208,000 (2016-2020), $239,200 (2021 on); 0 for an unknown year.
 */
long bls_top_code_annual(int year);

/**
 * @brief The survey period an OEWS file name states, as BLS names them:
 * national_M2014_dl, all_data_M_2019, national__M2008_dl, national_May2007_dl,
 * national_may2003_dl, national_2002_dl, and the zips oesm14nat.zip,
 * oesm09nat.zip (May 2009). The file's own name decides; else a zip or
 * folder named oesmYY... in the path ("oesm09nat.zip:national_dl.xls").
 * @param[out] out May of the year, on success.
 * @return 1 when the name states a period, else 0 (e.g. 2009's national_dl).
 */
int bls_survey_period_from_name(const char *path, bls_period *out);

#endif /* BLS_SURVEY_H */
