# Packaging: man page, shell completions, documents, and a Debian package
# (CPack DEB). Included from the top-level CMakeLists.txt after the targets.
#   cmake --install build --prefix /opt/blsreport     # relocatable
#   (cd build && cpack -G DEB)                        # blsreport_<ver>_<arch>.deb

install(FILES docs/blsreport.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES completions/blsreport.bash
  DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME blsreport)
install(FILES completions/_blsreport
  DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES LICENSE CHANGELOG.md README.md docs/ci.md docs/blsreport-summary-1.schema.json
  DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME blsreport)
set(CPACK_PACKAGE_VENDOR "blsreport")
set(CPACK_PACKAGE_CONTACT "blsreport maintainers <blsreport@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "check the BLS figures a document quotes; write XLSX, PDF, JSON and SARIF")
set(CPACK_PACKAGE_DESCRIPTION
  "blsreport reads U.S. Bureau of Labor Statistics data (OEWS wage files, EP
projection tables), validates every row, cross-checks the figures an article
quotes, and writes an XLSX workbook, a PDF report, a JSON summary and SARIF,
with exit codes, annotations and baselines for CI.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Library dependencies from the binaries (dpkg-shlibdeps, in dpkg-dev);
# the fonts are read by Pango at run time, not linked.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_STRIP_FILES ON)
include(CPack)
