# nip_sdk_headers_hash(<out var> <include dir>)
#
# The hash of the SDK headers under <include dir>/nip/sdk: the path and content of each,
# in path order, except nip/sdk/headers_hash.hpp, which records the hash. The host checks
# a plugin's recorded hash against its own.
function(nip_sdk_headers_hash out include_dir)
  file(GLOB_RECURSE headers RELATIVE ${include_dir} ${include_dir}/nip/sdk/*.hpp)
  list(REMOVE_ITEM headers nip/sdk/headers_hash.hpp)
  list(SORT headers)
  set(contents "")
  foreach(header IN LISTS headers)
    file(READ ${include_dir}/${header} text)
    string(APPEND contents "${header}\n${text}")
  endforeach()
  string(SHA256 hash "${contents}")
  string(SUBSTRING ${hash} 0 16 hash)
  set(${out} ${hash} PARENT_SCOPE)
endfunction()

# Stops the configuration if the installed SDK headers are not those the SDK was built
# with (their hash differs from headers_hash.hpp's): a plugin compiled against them would
# carry a hash that does not describe what it was compiled against.
function(_nip_check_installed_sdk_headers)
  get_target_property(include_dirs NipSdk::sdk INTERFACE_INCLUDE_DIRECTORIES)
  foreach(dir IN LISTS include_dirs)
    if(EXISTS ${dir}/nip/sdk/headers_hash.hpp)
      set(include_dir ${dir})
      break()
    endif()
  endforeach()
  if(NOT include_dir)
    message(FATAL_ERROR "NipSdk: nip/sdk/headers_hash.hpp is missing from the installed "
      "SDK (${include_dirs}); reinstall the SDK")
  endif()
  file(STRINGS ${include_dir}/nip/sdk/headers_hash.hpp recorded_line
    REGEX "#define NIP_SDK_HEADERS_HASH")
  string(REGEX MATCH "\"([0-9a-f]+)\"" _ "${recorded_line}")
  set(recorded ${CMAKE_MATCH_1})
  nip_sdk_headers_hash(actual ${include_dir})
  if(NOT actual STREQUAL recorded)
    message(FATAL_ERROR "NipSdk: the SDK headers in ${include_dir}/nip/sdk were changed "
      "after the SDK was built (their hash is ${actual}, the SDK recorded ${recorded}). "
      "A plugin built against them would not match the host: reinstall the SDK, or "
      "rebuild and install the host together with the edited headers.")
  endif()
  # An edit to the headers re-runs this check at the next build.
  file(GLOB_RECURSE headers ${include_dir}/nip/sdk/*.hpp)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${headers})
endfunction()

# nip_add_trainer_plugin(<name> [INSTALL] <sources>...)
#
# Builds a trainer plugin: a shared library named <name>.so (no "lib" prefix, as the host
# loads plugins by name), hidden visibility so only the descriptor is exported, linked
# against the SDK and libtorch only. With INSTALL (against an installed SDK), `cmake
# --install` puts it into the host's plugins directory, NIP_PLUGINS_DIR, where the host
# finds it with no --plugins-dir.
function(nip_add_trainer_plugin name)
  cmake_parse_arguments(ARG "INSTALL" "" "" ${ARGN})
  add_library(${name} MODULE ${ARG_UNPARSED_ARGUMENTS})
  if(TARGET nip_sdk)
    target_link_libraries(${name} PRIVATE nip_sdk ${TORCH_LIBRARIES})
  else()
    _nip_check_installed_sdk_headers()
    target_link_libraries(${name} PRIVATE NipSdk::sdk)
    if(ARG_INSTALL)
      install(TARGETS ${name} LIBRARY DESTINATION ${NIP_PLUGINS_DIR})
    endif()
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # Only the descriptor is exported: the inline functions and templates a plugin
  # instantiates (its glue, libtorch's headers) stay its own, never interposed between
  # plugins or with the host.
  set(exports ${CMAKE_BINARY_DIR}/nip_plugin_exports.map)
  if(NOT EXISTS ${exports})
    file(WRITE ${exports} "{\n  global: nip_plugin;\n  local: *;\n};\n")
  endif()
  target_link_options(${name} PRIVATE -Wl,--no-undefined -Wl,--version-script=${exports})
  set_property(TARGET ${name} APPEND PROPERTY LINK_DEPENDS ${exports})
  if(DEFINED NIP_BUILD_PLUGINS_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${NIP_BUILD_PLUGINS_DIR})
  endif()
endfunction()
