# Sourced by bin/test: makes sure the headless browser the web-page test drives is installed
# (Debian's chromium and chromium-driver). Installs them with apt-get when they are missing and
# apt-get can run (as root, non-interactively); otherwise says so, and the test skips itself.
vitface_install_browser() {
    if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
        return 0
    fi
    if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
        echo "bin/test: no chromium/chromedriver, and no apt-get as root to install them; the web-page browser test will skip" >&2
        return 0
    fi
    echo "bin/test: installing chromium and chromium-driver for the web-page browser test" >&2
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq \
            && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; }; then
        echo "bin/test: installing chromium failed; the web-page browser test will skip" >&2
    fi
    return 0
}
