/*
 * status.h - the one error type of the blsreport library.
 *
 * Every fallible library function returns a bls_status. Problems found in
 * the *data* (a bad SOC code, a claim that does not match) are not errors:
 * they are findings (see diag.h) returned with BLS_OK. Third-party error
 * codes (csv_error, lxw_error, cairo_status_t) are translated into these
 * codes at the module boundary.
 */
#ifndef BLS_STATUS_H
#define BLS_STATUS_H

#if defined(__GNUC__) || defined(__clang__)
#define BLS_MUST_CHECK __attribute__((warn_unused_result))
#define BLS_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define BLS_MUST_CHECK
#define BLS_PRINTF(fmt, args)
#endif

typedef enum bls_status {
    BLS_OK = 0,
    BLS_ERR_NOMEM,       /**< an allocation failed */
    BLS_ERR_INVALID_ARG, /**< a caller passed NULL or an out-of-range value */
    BLS_ERR_OPEN,        /**< an input could not be opened */
    BLS_ERR_READ,        /**< reading an input failed */
    BLS_ERR_WRITE,       /**< writing an output failed */
    BLS_ERR_CSV,         /**< the CSV parser gave up on the input */
    BLS_ERR_LAYOUT,      /**< no known layout matches the input's header */
    BLS_ERR_EMPTY,       /**< the input holds no header or no data */
    BLS_ERR_LIMIT,       /**< the input exceeds a documented limit */
    BLS_ERR_XLSX,        /**< libxlsxwriter reported an error */
    BLS_ERR_PDF,         /**< cairo or pango reported an error */
    BLS_ERR_JSON,        /**< building the JSON summary failed */
    BLS_ERR_INTERRUPTED, /**< a stop was requested (signal) */
    BLS_ERR_FORMAT,      /**< a workbook or zip is damaged, truncated or not one */
    BLS_ERR_ENCRYPTED,   /**< a workbook is encrypted or password-protected */
} bls_status;

/**
 * @brief A short English message for a status code.
 * @param status any bls_status value.
 * @return a static string; never NULL.
 */
const char *bls_strerror(bls_status status);

#endif /* BLS_STATUS_H */
