# CPack: `cpack -G DEB` and `cpack -G TGZ` in the build folder package what `cmake --install`
# installs (see packaging/README.md for the layout).
#
# One package, socketserver-console, rather than a library/-dev/app split: the engine is a
# static library, so nothing at run time depends on it, and its headers, library and CMake /
# pkg-config files are small enough to ride along with the console and the examples.
set(CPACK_PACKAGE_NAME "socketserver-console")
set(CPACK_PACKAGE_VENDOR "SocketServer Console project")
set(CPACK_PACKAGE_CONTACT "SocketServer Console maintainers <socketserver@localhost>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Console to run and watch socket servers; Python's socketserver in C++20")
# Lines kept under 80 columns, as Debian's control file wants them.
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
  "SocketServer Console starts, stops and watches TCP, UDP and Unix socket"
  "servers, shows their connections and request log, and talks to them from a"
  "built-in test client. 'socketserver-console --headless' runs the same servers"
  "without a window."
  ""
  "The package also holds the engine the console is built on, a port of Python's"
  "socketserver module to C++20 (static library, headers, the CMake package"
  "'socketserver' and the pkg-config file 'socketserver.pc'), and the reference"
  "examples as programs (/usr/libexec/socketserver/examples) and as sources.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "socketserver")
set(CPACK_STRIP_FILES ON) # executables only; the static library keeps its symbols
set(CPACK_GENERATOR "DEB;TGZ")

# --- DEB (Debian 12) --------------------------------------------------------------------------
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # socketserver-console_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# dpkg-shlibdeps derives the libraries the ELF files link (libc6, libstdc++6, libqt6core6,
# libqt6gui6, libqt6widgets6, libqt6network6, ...) with their minimum versions.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# What is loaded at run time and so invisible to dpkg-shlibdeps: the SVG plugins that draw
# the window icon (libqt6svg6). The X11 platform plugin ships in libqt6gui6 itself.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6svg6")
# Wayland sessions get a native window with the Wayland plugin; XWayland serves without it.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")
# To build against the engine.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "g++ (>= 4:12), cmake (>= 3.25), pkg-config")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# --- source package (cpack --config CPackSourceConfig.cmake): the tree without build output
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git$" "/\\\\.git/" "/build[^/]*/" "/\\\\.cache/" "\\\\.swp$")

include(CPack)
