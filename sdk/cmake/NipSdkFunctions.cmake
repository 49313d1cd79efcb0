# nip_add_trainer_plugin(<name> <sources>...)
#
# Builds a trainer plugin: a shared library named <name>.so (no "lib" prefix, as the host
# loads plugins by name), hidden visibility so only the descriptor is exported, linked
# against the SDK and libtorch only.
function(nip_add_trainer_plugin name)
  add_library(${name} MODULE ${ARGN})
  if(TARGET nip_sdk)
    target_link_libraries(${name} PRIVATE nip_sdk ${TORCH_LIBRARIES})
  else()
    target_link_libraries(${name} PRIVATE NipSdk::sdk)
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_link_options(${name} PRIVATE -Wl,--no-undefined)
  if(DEFINED NIP_BUILD_PLUGINS_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${NIP_BUILD_PLUGINS_DIR})
  endif()
endfunction()
