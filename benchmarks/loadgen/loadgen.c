/*
 * loadgen: the harness's closed-loop TCP load generator.
 *
 * One thread, epoll, -c connections, each keeping -P requests in flight: as soon as a reply is
 * complete, the next request goes out. Replies are of known size (an echo of the payload,
 * "+PONG", "+OK", or a bulk string of the value), so a reply is "complete" when enough bytes
 * have arrived: no parsing. Every received byte is still compared with the expected reply
 * stream (one memcmp per read), so a wrong or error reply stops the run instead of being
 * counted.
 *
 * After -w seconds of warm-up it measures for -d seconds and prints one line of key=value
 * pairs: requests/s, round-trip latency percentiles (from send to the last byte of the reply;
 * log-linear histogram, 1.6 % resolution), the server's CPU per request from
 * /proc/<pid>/stat (utime+stime of all its threads) and its RSS from /proc/<pid>/status, and
 * the load generator's own CPU use, to show which side ran out of CPU.
 *
 * Idle mode (-I) opens -c connections, prints "CONNECTED <n>", sends nothing and holds them
 * for -d seconds or until SIGTERM/SIGINT.
 *
 * Only loopback is expected (127.0.0.1 by default); runs are bounded by -w + -d.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define READ_SIZE 65536
#define SUB_BITS 6
#define SUB_COUNT (1 << SUB_BITS)
#define LINEAR_LIMIT (2 * SUB_COUNT)
#define HIST_SIZE (LINEAR_LIMIT + 58 * SUB_COUNT)

enum mode { MODE_ECHO, MODE_PING, MODE_SET, MODE_GET };

struct conn {
    int fd;
    int want_out;          /* EPOLLOUT armed */
    uint32_t reply_off;    /* bytes of the current reply received */
    uint32_t out_off;      /* offset in the request cycle of the next byte to write */
    uint64_t out_pending;  /* bytes queued and not yet written */
    uint64_t *sent_at;     /* ring of send times of the requests in flight */
    uint32_t head, count;
};

static struct {
    const char *host;
    int port, conns, pipeline, size, inline_cmds, idle, server_pid;
    double duration, warmup;
    enum mode mode;
    const char *label, *key;
} opt = {"127.0.0.1", 7101, 32, 1, 16, 0, 0, 0, 10.0, 3.0, MODE_ECHO, "", "loadgen:key"};

static char *request;          /* one request */
static size_t request_len;
static char *request_cycle;    /* (pipeline + 1) requests back to back */
static size_t request_cycle_len;
static char *reply;            /* one expected reply */
static size_t reply_len;
static char *expect;           /* expected replies back to back, READ_SIZE + reply_len bytes at least */

static uint64_t hist[HIST_SIZE];
static uint64_t completed;
static int measuring;
static volatile sig_atomic_t stop_requested;

static void die(const char *what) {
    fprintf(stderr, "loadgen: %s: %s\n", what, strerror(errno));
    exit(3);
}

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t) ts.tv_sec * 1000000000ull + (uint64_t) ts.tv_nsec;
}

static int hist_index(uint64_t v) {
    if (v < LINEAR_LIMIT) return (int) v;
    int msb = 63 - __builtin_clzll(v);
    int shift = msb - SUB_BITS;
    int idx = LINEAR_LIMIT + (msb - SUB_BITS - 1) * SUB_COUNT + (int) ((v >> shift) & (SUB_COUNT - 1));
    return idx < HIST_SIZE ? idx : HIST_SIZE - 1;
}

/* The middle of the values that land in bucket idx. */
static double hist_value(int idx) {
    if (idx < LINEAR_LIMIT) return idx;
    int msb = (idx - LINEAR_LIMIT) / SUB_COUNT + SUB_BITS + 1;
    int sub = (idx - LINEAR_LIMIT) % SUB_COUNT;
    int shift = msb - SUB_BITS;
    double low = (double) ((uint64_t) (SUB_COUNT + sub) << shift);
    return low + (double) (1ull << shift) / 2.0;
}

static double percentile_us(double q) {
    uint64_t total = 0;
    for (int i = 0; i < HIST_SIZE; i++) total += hist[i];
    if (total == 0) return 0;
    uint64_t rank = (uint64_t) (q * (double) total);
    if (rank >= total) rank = total - 1;
    uint64_t seen = 0;
    for (int i = 0; i < HIST_SIZE; i++) {
        seen += hist[i];
        if (seen > rank) return hist_value(i) / 1000.0;
    }
    return 0;
}

static double max_us(void) {
    for (int i = HIST_SIZE - 1; i >= 0; i--)
        if (hist[i]) return hist_value(i) / 1000.0;
    return 0;
}

/* utime + stime of every thread of pid, in clock ticks; -1 if unknown. */
static long long proc_cpu_ticks(int pid) {
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return -1;
    p += 2; /* field 3, state */
    unsigned long long utime = 0, stime = 0;
    /* fields 3..13 skipped, 14 utime, 15 stime */
    if (sscanf(p, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu", &utime, &stime) != 2) return -1;
    return (long long) (utime + stime);
}

static long proc_rss_kb(int pid) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    long kb = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
    fclose(f);
    return kb;
}

static uint64_t self_cpu_us(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (uint64_t) ru.ru_utime.tv_sec * 1000000ull + ru.ru_utime.tv_usec
         + (uint64_t) ru.ru_stime.tv_sec * 1000000ull + ru.ru_stime.tv_usec;
}

static char *repeat(const char *one, size_t len, size_t min_total, size_t *out_len) {
    size_t copies = (min_total + len - 1) / len + 1;
    char *buf = malloc(copies * len);
    if (!buf) die("malloc");
    for (size_t i = 0; i < copies; i++) memcpy(buf + i * len, one, len);
    if (out_len) *out_len = copies * len;
    return buf;
}

static char *appendf(char *dst, size_t *len, const char *fmt, const char *a, size_t alen) {
    /* appends fmt (which may contain one %s, filled with a[0..alen)) */
    const char *s = strstr(fmt, "%s");
    size_t pre = s ? (size_t) (s - fmt) : strlen(fmt);
    size_t post = s ? strlen(s + 2) : 0;
    dst = realloc(dst, *len + pre + (s ? alen : 0) + post + 1);
    if (!dst) die("realloc");
    memcpy(dst + *len, fmt, pre);
    *len += pre;
    if (s) {
        memcpy(dst + *len, a, alen);
        *len += alen;
        memcpy(dst + *len, s + 2, post);
        *len += post;
    }
    dst[*len] = 0;
    return dst;
}

static void build_messages(void) {
    char num[32];
    char *value = malloc((size_t) opt.size + 1);
    for (int i = 0; i < opt.size; i++) value[i] = (char) ('a' + i % 26);
    value[opt.size] = 0;
    size_t klen = strlen(opt.key);
    request = NULL;
    request_len = 0;
    reply = NULL;
    reply_len = 0;
    switch (opt.mode) {
    case MODE_ECHO:
        request = appendf(request, &request_len, "%s", value, (size_t) opt.size);
        reply = appendf(reply, &reply_len, "%s", value, (size_t) opt.size);
        break;
    case MODE_PING:
        request = appendf(request, &request_len, opt.inline_cmds ? "PING\r\n" : "*1\r\n$4\r\nPING\r\n", NULL, 0);
        reply = appendf(reply, &reply_len, "+PONG\r\n", NULL, 0);
        break;
    case MODE_SET:
    case MODE_GET: {
        const char *cmd = opt.mode == MODE_SET ? "SET" : "GET";
        if (opt.inline_cmds) {
            request = appendf(request, &request_len, "%s ", cmd, 3);
            request = appendf(request, &request_len, "%s", opt.key, klen);
            if (opt.mode == MODE_SET) request = appendf(request, &request_len, " %s", value, (size_t) opt.size);
            request = appendf(request, &request_len, "\r\n", NULL, 0);
        } else {
            request = appendf(request, &request_len, opt.mode == MODE_SET ? "*3\r\n" : "*2\r\n", NULL, 0);
            request = appendf(request, &request_len, "$3\r\n%s\r\n", cmd, 3);
            snprintf(num, sizeof num, "%zu", klen);
            request = appendf(request, &request_len, "$%s\r\n", num, strlen(num));
            request = appendf(request, &request_len, "%s\r\n", opt.key, klen);
            if (opt.mode == MODE_SET) {
                snprintf(num, sizeof num, "%d", opt.size);
                request = appendf(request, &request_len, "$%s\r\n", num, strlen(num));
                request = appendf(request, &request_len, "%s\r\n", value, (size_t) opt.size);
            }
        }
        if (opt.mode == MODE_SET) {
            reply = appendf(reply, &reply_len, "+OK\r\n", NULL, 0);
        } else {
            snprintf(num, sizeof num, "%d", opt.size);
            reply = appendf(reply, &reply_len, "$%s\r\n", num, strlen(num));
            reply = appendf(reply, &reply_len, "%s\r\n", value, (size_t) opt.size);
        }
        break;
    }
    }
    free(value);
    request_cycle = repeat(request, request_len, request_len * (size_t) opt.pipeline, &request_cycle_len);
    expect = repeat(reply, reply_len, READ_SIZE + reply_len, NULL);
}

static int connect_one(void) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t) opt.port);
    if (inet_pton(AF_INET, opt.host, &addr.sin_addr) != 1) {
        fprintf(stderr, "loadgen: not an IPv4 address: %s\n", opt.host);
        exit(2);
    }
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *) &addr, sizeof addr) < 0) die("connect");
    return fd;
}

static void write_all_blocking(int fd, const char *buf, size_t len) {
    while (len > 0) {
        ssize_t n = write(fd, buf, len);
        if (n < 0) die("write");
        buf += n;
        len -= (size_t) n;
    }
}

/* GET needs the key: SET it once, on a connection of its own, before the run. */
static void prime_get(void) {
    char *set = NULL;
    size_t len = 0;
    char num[32];
    size_t klen = strlen(opt.key);
    char *value = malloc((size_t) opt.size + 1);
    for (int i = 0; i < opt.size; i++) value[i] = (char) ('a' + i % 26);
    set = appendf(set, &len, "*3\r\n$3\r\nSET\r\n", NULL, 0);
    snprintf(num, sizeof num, "%zu", klen);
    set = appendf(set, &len, "$%s\r\n", num, strlen(num));
    set = appendf(set, &len, "%s\r\n", opt.key, klen);
    snprintf(num, sizeof num, "%d", opt.size);
    set = appendf(set, &len, "$%s\r\n", num, strlen(num));
    set = appendf(set, &len, "%s\r\n", value, (size_t) opt.size);
    int fd = connect_one();
    write_all_blocking(fd, set, len);
    char buf[5];
    size_t got = 0;
    while (got < 5) {
        ssize_t n = read(fd, buf + got, 5 - got);
        if (n <= 0) die("reading the reply to the priming SET");
        got += (size_t) n;
    }
    if (memcmp(buf, "+OK\r\n", 5) != 0) {
        fprintf(stderr, "loadgen: the priming SET got %.5s\n", buf);
        exit(2);
    }
    close(fd);
    free(set);
    free(value);
}

static void set_nonblocking(int fd) {
    int flags = fcntl(fd, F_GETFL, 0);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) die("fcntl");
}

static void arm(int ep, struct conn *c, int want_out) {
    if (c->want_out == want_out) return;
    struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl");
    c->want_out = want_out;
}

static void queue_requests(struct conn *c, uint32_t n, uint64_t now) {
    for (uint32_t i = 0; i < n; i++) {
        uint32_t at = c->head + c->count;
        if (at >= (uint32_t) opt.pipeline) at -= (uint32_t) opt.pipeline;
        c->sent_at[at] = now;
        c->count++;
    }
    c->out_pending += (uint64_t) n * request_len;
}

static void flush_out(int ep, struct conn *c) {
    while (c->out_pending > 0) {
        size_t len = request_cycle_len - c->out_off;
        if (len > c->out_pending) len = (size_t) c->out_pending;
        ssize_t n = write(c->fd, request_cycle + c->out_off, len);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                arm(ep, c, 1);
                return;
            }
            die("write");
        }
        c->out_pending -= (uint64_t) n;
        c->out_off = (uint32_t) ((c->out_off + (size_t) n) % request_len);
    }
    arm(ep, c, 0);
}

static void on_readable(int ep, struct conn *c, char *buf) {
    for (;;) {
        ssize_t n = read(c->fd, buf, READ_SIZE);
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK) return;
            die("read");
        }
        if (n == 0) {
            fprintf(stderr, "loadgen: the server closed a connection\n");
            exit(3);
        }
        if (memcmp(buf, expect + c->reply_off, (size_t) n) != 0) {
            size_t i = 0;
            while (buf[i] == expect[c->reply_off + i]) i++;
            fprintf(stderr, "loadgen: unexpected reply byte %zu: got \"%.*s\", expected \"%.*s\"\n", i,
                    (int) (n - (ssize_t) i < 40 ? n - (ssize_t) i : 40), buf + i, 40, expect + c->reply_off + i);
            exit(2);
        }
        uint64_t total = c->reply_off + (uint64_t) n;
        uint32_t done = (uint32_t) (total / reply_len);
        c->reply_off = (uint32_t) (total % reply_len);
        if (done > 0) {
            uint64_t now = now_ns();
            for (uint32_t i = 0; i < done; i++) {
                uint64_t sent = c->sent_at[c->head];
                c->head = c->head + 1 == (uint32_t) opt.pipeline ? 0 : c->head + 1;
                c->count--;
                if (measuring) hist[hist_index(now - sent)]++;
            }
            if (measuring) completed += done;
            queue_requests(c, done, now);
            flush_out(ep, c);
        }
        if (n < READ_SIZE) return;
    }
}

static void on_signal(int sig) {
    (void) sig;
    stop_requested = 1;
}

static int run_idle(void) {
    int *fds = malloc(sizeof(int) * (size_t) opt.conns);
    for (int i = 0; i < opt.conns; i++) fds[i] = connect_one();
    printf("CONNECTED %d\n", opt.conns);
    fflush(stdout);
    signal(SIGTERM, on_signal);
    signal(SIGINT, on_signal);
    uint64_t end = now_ns() + (uint64_t) (opt.duration * 1e9);
    while (!stop_requested && now_ns() < end) usleep(100000);
    for (int i = 0; i < opt.conns; i++) close(fds[i]);
    free(fds);
    return 0;
}

static void usage(void) {
    fprintf(stderr,
            "usage: loadgen [-H host] [-p port] [-c conns] [-P pipeline] [-d seconds] [-w seconds]\n"
            "               [-s size] [-m echo|ping|set|get] [-i] [-S server_pid] [-l label] [-I]\n"
            "  -c connections (32), -P requests in flight per connection (1), -d measured seconds (10),\n"
            "  -w warm-up seconds (3), -s payload or value bytes (16), -m what to send (echo),\n"
            "  -i inline RESP commands instead of multibulk, -S the server's pid for CPU and RSS,\n"
            "  -l a label printed first, -I idle: open -c connections and hold them for -d seconds\n");
    exit(2);
}

int main(int argc, char **argv) {
    int ch;
    while ((ch = getopt(argc, argv, "H:p:c:P:d:w:s:m:iS:l:k:Ih")) != -1) {
        switch (ch) {
        case 'H': opt.host = optarg; break;
        case 'p': opt.port = atoi(optarg); break;
        case 'c': opt.conns = atoi(optarg); break;
        case 'P': opt.pipeline = atoi(optarg); break;
        case 'd': opt.duration = atof(optarg); break;
        case 'w': opt.warmup = atof(optarg); break;
        case 's': opt.size = atoi(optarg); break;
        case 'i': opt.inline_cmds = 1; break;
        case 'S': opt.server_pid = atoi(optarg); break;
        case 'l': opt.label = optarg; break;
        case 'k': opt.key = optarg; break;
        case 'I': opt.idle = 1; break;
        case 'm':
            if (!strcmp(optarg, "echo")) opt.mode = MODE_ECHO;
            else if (!strcmp(optarg, "ping")) opt.mode = MODE_PING;
            else if (!strcmp(optarg, "set")) opt.mode = MODE_SET;
            else if (!strcmp(optarg, "get")) opt.mode = MODE_GET;
            else usage();
            break;
        default: usage();
        }
    }
    if (opt.conns < 1 || opt.pipeline < 1 || opt.size < 1 || opt.duration <= 0 || opt.warmup < 0) usage();
    if (opt.idle) return run_idle();
    signal(SIGPIPE, SIG_IGN);
    build_messages();
    if (opt.mode == MODE_GET) prime_get();

    int ep = epoll_create1(0);
    if (ep < 0) die("epoll_create1");
    struct conn *conns = calloc((size_t) opt.conns, sizeof *conns);
    uint64_t *rings = calloc((size_t) opt.conns * (size_t) opt.pipeline, sizeof(uint64_t));
    char *buf = malloc(READ_SIZE);
    for (int i = 0; i < opt.conns; i++) {
        struct conn *c = &conns[i];
        c->fd = connect_one();
        set_nonblocking(c->fd);
        c->sent_at = rings + (size_t) i * (size_t) opt.pipeline;
        c->want_out = 0;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) < 0) die("epoll_ctl");
    }
    uint64_t start = now_ns();
    for (int i = 0; i < opt.conns; i++) {
        queue_requests(&conns[i], (uint32_t) opt.pipeline, start);
        flush_out(ep, &conns[i]);
    }

    uint64_t measure_from = start + (uint64_t) (opt.warmup * 1e9);
    uint64_t measure_to = measure_from + (uint64_t) (opt.duration * 1e9);
    uint64_t t0 = 0, self0 = 0;
    long long server0 = -1;
    struct epoll_event events[256];
    for (;;) {
        int n = epoll_wait(ep, events, 256, 5);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = events[i].data.ptr;
            if (events[i].events & EPOLLOUT) flush_out(ep, c);
            if (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) on_readable(ep, c, buf);
        }
        uint64_t now = now_ns();
        if (!measuring && now >= measure_from) {
            measuring = 1;
            t0 = now;
            self0 = self_cpu_us();
            if (opt.server_pid > 0) server0 = proc_cpu_ticks(opt.server_pid);
        } else if (measuring && now >= measure_to) {
            break;
        }
    }
    uint64_t t1 = now_ns();
    uint64_t self1 = self_cpu_us();
    long long server1 = opt.server_pid > 0 ? proc_cpu_ticks(opt.server_pid) : -1;
    long rss = opt.server_pid > 0 ? proc_rss_kb(opt.server_pid) : -1;
    double seconds = (double) (t1 - t0) / 1e9;
    double rps = (double) completed / seconds;
    double self_pct = 100.0 * (double) (self1 - self0) / 1e6 / seconds;
    double self_us_req = completed ? (double) (self1 - self0) / (double) completed : 0;
    double tick_us = 1e6 / (double) sysconf(_SC_CLK_TCK);
    double server_pct = -1, server_us_req = -1;
    if (server0 >= 0 && server1 >= 0) {
        double cpu_us = (double) (server1 - server0) * tick_us;
        server_pct = 100.0 * cpu_us / 1e6 / seconds;
        server_us_req = completed ? cpu_us / (double) completed : 0;
    }
    static const char *mode_names[] = {"echo", "ping", "set", "get"};
    printf("label=%s mode=%s conns=%d pipeline=%d size=%d seconds=%.3f requests=%llu rps=%.0f "
           "p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f server_cpu_pct=%.1f server_cpu_us_per_req=%.3f "
           "server_rss_kb=%ld loadgen_cpu_pct=%.1f loadgen_cpu_us_per_req=%.3f\n",
           opt.label[0] ? opt.label : "-", mode_names[opt.mode], opt.conns, opt.pipeline, opt.size, seconds,
           (unsigned long long) completed, rps, percentile_us(0.50), percentile_us(0.99), percentile_us(0.999),
           max_us(), server_pct, server_us_req, rss, self_pct, self_us_req);
    fflush(stdout);
    for (int i = 0; i < opt.conns; i++) close(conns[i].fd);
    return 0;
}
