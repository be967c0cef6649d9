/* Terminal lifetime: curses setup, colours from the theme, and restoring
 * the terminal on every exit path, fatal signals included. */
#include "term.h"

#include <curses.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Signal handlers can only reach file-scope state; these are written once
 * at start and read by handlers. */
static struct termios saved_termios;
static volatile sig_atomic_t quit_flag;
static int wake_pipe[2] = {-1, -1};
static int element_attr[EL_COUNT];
static bool started;

static void on_quit_signal(int sig)
{
    (void)sig;
    quit_flag = 1;
    if (wake_pipe[1] >= 0) {
        char c = 'q';
        ssize_t r = write(wake_pipe[1], &c, 1);
        (void)r;
    }
}

/* Async-signal-safe: leave the alternate screen, show the cursor, turn
 * mouse reporting off and put the saved tty modes back, then die as the
 * signal asks. */
static void on_fatal_signal(int sig)
{
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[0m\033[?25h\033[?1049l\r\n";
    ssize_t r = write(STDOUT_FILENO, reset, sizeof(reset) - 1);
    (void)r;
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_termios);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install(int sig, void (*fn)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

bool term_usable(struct diag *d)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0,
                 "the explorer needs a terminal; for scripts use 'depvet tree'");
        return false;
    }
    return true;
}

bool term_start(struct diag *d)
{
    setlocale(LC_ALL, "");
    if (!term_usable(d))
        return false;
    tcgetattr(STDIN_FILENO, &saved_termios);
    if (pipe(wake_pipe) == 0) {
        fcntl(wake_pipe[0], F_SETFL, O_NONBLOCK);
        fcntl(wake_pipe[1], F_SETFL, O_NONBLOCK);
    }
    /* ESC alone should not wait a second for a sequence. */
    if (!getenv("ESCDELAY"))
        set_escdelay(25);
    if (!initscr()) {
        diag_set(d, DIAG_UNSUPPORTED, "", 0, 0, "cannot start the terminal (TERM=%s)",
                 getenv("TERM") ? getenv("TERM") : "");
        return false;
    }
    started = true;
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    curs_set(0);
    mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED |
              BUTTON5_PRESSED, NULL);
    mouseinterval(200);
    install(SIGINT, on_quit_signal);
    install(SIGTERM, on_quit_signal);
    install(SIGHUP, on_quit_signal);
    install(SIGQUIT, on_quit_signal);
    install(SIGSEGV, on_fatal_signal);
    install(SIGBUS, on_fatal_signal);
    install(SIGABRT, on_fatal_signal);
    install(SIGFPE, on_fatal_signal);
    return true;
}

void term_stop(void)
{
    if (!started)
        return;
    started = false;
    mousemask(0, NULL);
    endwin();
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
    signal(SIGABRT, SIG_DFL);
    signal(SIGFPE, SIG_DFL);
    if (wake_pipe[0] >= 0) {
        close(wake_pipe[0]);
        close(wake_pipe[1]);
        wake_pipe[0] = wake_pipe[1] = -1;
    }
}

static int curses_attrs(unsigned a)
{
    int r = 0;
    if (a & TA_BOLD) r |= A_BOLD;
    if (a & TA_DIM) r |= A_DIM;
    if (a & TA_UNDERLINE) r |= A_UNDERLINE;
    if (a & TA_REVERSE) r |= A_REVERSE;
    if (a & TA_ITALIC) r |= A_ITALIC;
    if (a & TA_STANDOUT) r |= A_STANDOUT;
    return r;
}

static short fit_colour(short c)
{
    return c < 0 || c < COLORS ? c : (short)(c % 8);
}

void term_apply_theme(const struct theme *t)
{
    const char *nc = getenv("NO_COLOR");
    /* Eight colours cannot show the themes' shades apart (the badges and
     * the selection would blur): such terminals get attributes only. */
    /* start_color() alone would paint white on black: ask terminfo first. */
    bool colour = has_colors() && !(nc && nc[0]) && tigetnum("colors") > 8 &&
                  start_color() == OK && COLORS > 8;
    if (colour)
        use_default_colors();
    for (int e = 0; e < EL_COUNT; e++) {
        if (!colour || e + 1 >= COLOR_PAIRS) {
            element_attr[e] = curses_attrs(t->mono[e]);
            continue;
        }
        init_pair((short)(e + 1), fit_colour(t->el[e].fg), fit_colour(t->el[e].bg));
        element_attr[e] = (int)COLOR_PAIR(e + 1) | curses_attrs(t->el[e].attrs);
    }
}

int term_attr(enum theme_element e)
{
    return element_attr[e];
}

bool term_should_quit(void)
{
    return quit_flag != 0;
}

int term_wake_fd(void)
{
    return wake_pipe[0];
}

void term_drain_wake(void)
{
    char buf[64];
    while (wake_pipe[0] >= 0 && read(wake_pipe[0], buf, sizeof(buf)) > 0)
        ;
}

bool term_utf8(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && strcmp(cs, "UTF-8") == 0;
}
