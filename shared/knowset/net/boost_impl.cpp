// Boost.Asio and Boost.Beast are header-only libraries whose templates dominate build time.
// With BOOST_ASIO_SEPARATE_COMPILATION and BOOST_BEAST_SEPARATE_COMPILATION defined on every
// target that uses them, their non-template code is compiled once, in this file.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
