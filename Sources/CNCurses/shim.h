#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H
/* The wide-character API (get_wch, cchar_t): SwiftPM drops the -D flags pkg-config would give. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <signal.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/curses.h>

/* Swift cannot import macros with casts, function-like macros, variadic functions or mutable
   C globals under Swift 6; each is re-exported here, prefixed cn_. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }
static inline attr_t cn_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cn_a_normal(void) { return A_NORMAL; }
static inline attr_t cn_color_pair(int n) { return (attr_t)COLOR_PAIR(n); }
static inline int cn_attrset(attr_t a) { return attrset((int)a); }
static inline int cn_setlocale_all(void) { return setlocale(LC_ALL, "") != NULL; }

/* Restores the terminal and exits from a signal handler: endwin, then _exit(128 + signal). */
static void cn_restore_and_exit(int sig) {
    endwin();
    _exit(128 + sig);
}
static inline void cn_install_restoring_signal_handlers(void) {
    signal(SIGINT, cn_restore_and_exit);
    signal(SIGTERM, cn_restore_and_exit);
    signal(SIGHUP, cn_restore_and_exit);
}
#endif
