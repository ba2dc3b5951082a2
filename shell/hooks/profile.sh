# SPDX-License-Identifier: Apache-2.0
# hf-auth profile.d snippet, installed as $(DATADIR)/hf-auth/profile.sh and
# turned on for every user by a link /etc/profile.d/hf-auth.sh to it (`make
# install-profile`, or by hand with the Debian package): loads the hf-auth
# hook (hf-switch, hf-login, hf-logout, token name completion,
# HF_TOKEN following the active token) into every interactive bash and
# zsh; other shells are left alone.  It sources the hook installed beside
# hf-auth, so hf-auth does not start at login (bash reads its DEBUG trap
# with one subshell; a token file not yet in HF_TOKEN is checked with one
# stat).  See README.md, "For every user of a server".
# shellcheck shell=sh disable=SC1091 # the hooks are linted on their own
case $- in
*i*)
    if [ -n "${BASH_VERSION-}" ]; then
        # POSIX mode refuses function names such as hf-switch.
        # shellcheck disable=SC3028 # bash only
        case :${SHELLOPTS-}: in
        *:posix:*) ;;
        *) [ -r '@HOOK_DIR@/hf-auth.bash' ] && . '@HOOK_DIR@/hf-auth.bash' ;;
        esac
    elif [ -n "${ZSH_VERSION-}" ]; then
        [ -r '@HOOK_DIR@/hf-auth.zsh' ] && . '@HOOK_DIR@/hf-auth.zsh'
    fi
    ;;
esac
