/*
 * burst.c: the deadline burst: N clients, each on its own connection, each
 * sending one request at the same moment; every answer timed.
 *
 *   burst -p PORT -n CLIENTS [-j PROCS] [-P PATH] [-b BODY] [-t TOKENS] [-k KEY]
 *         [-o OUT] [-T SECONDS]
 *
 * The clients are split over PROCS processes (default 2: one process may not
 * hold more descriptors than the hard limit). Each connects all its clients
 * first (non-blocking, epoll); when every process is connected, they all
 * send at once: request i is PATH with BODY (a POST; none: a GET),
 * "Authorization: Bearer" line i of TOKENS if given, and "Idempotency-Key:
 * KEY-i" if KEY is given. A client's latency runs from its request's write
 * to the last byte of its answer. Prints the count per status, how many 503
 * carried Retry-After, the latency distribution (ms), answers over 1 s and
 * clients without an answer (after SECONDS, default 30); with -o, writes
 * "i status latency_us body" per client to OUT (body on one line).
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o burst burst.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct client {
	int fd;
	int idx;
	int state; /* 0 connecting, 1 connected, 2 sent, 3 done, 4 failed */
	char *req;
	size_t reqlen, sent;
	char *resp;
	size_t rlen, rcap;
	uint64_t t0, t1;
	int status;
};

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static void die(const char *m)
{
	perror(m);
	exit(1);
}

/* True once c->resp holds a whole answer (head and Content-Length bytes). */
static int complete(struct client *c, int eof)
{
	char *end = memmem(c->resp, c->rlen, "\r\n\r\n", 4);
	if (!end)
		return 0;
	size_t head = (size_t)(end - c->resp) + 4;
	char *cl = memmem(c->resp, head, "Content-Length:", 15);
	if (!cl)
		cl = memmem(c->resp, head, "content-length:", 15);
	if (!cl)
		return eof;
	size_t n = strtoul(cl + 15, NULL, 10);
	return c->rlen >= head + n;
}

static void finish(struct client *c, int ok)
{
	c->t1 = now_us();
	c->state = ok ? 3 : 4;
	if (ok && c->rlen > 12)
		c->status = atoi(c->resp + 9);
	close(c->fd);
}

/* One process: clients [lo, hi). Results to `out` as text lines. */
static void run(int port, int lo, int hi, const char *path, const char *body, char **tokens,
		const char *key, int ready_fd, int go_fd, FILE *out, int seconds)
{
	int n = hi - lo;
	struct client *cs = calloc((size_t)n, sizeof(*cs));
	int ep = epoll_create1(0);
	if (!cs || ep < 0)
		die("setup");
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	int connected = 0, failed = 0;
	for (int i = 0; i < n; i++) {
		struct client *c = &cs[i];
		c->idx = lo + i;
		char hdr[4096];
		int hl;
		const char *tok = tokens ? tokens[c->idx] : NULL;
		char keyh[256] = "";
		if (key)
			snprintf(keyh, sizeof(keyh), "Idempotency-Key: %s-%d\r\n", key, c->idx);
		char auth[512] = "";
		if (tok)
			snprintf(auth, sizeof(auth), "Authorization: Bearer %s\r\n", tok);
		if (body)
			hl = snprintf(hdr, sizeof(hdr),
				      "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s%sContent-Type: "
				      "application/json\r\nContent-Length: %zu\r\n\r\n%s",
				      path, auth, keyh, strlen(body), body);
		else
			hl = snprintf(hdr, sizeof(hdr),
				      "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n", path, auth);
		c->req = strndup(hdr, (size_t)hl);
		c->reqlen = (size_t)hl;
		c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (c->fd < 0)
			die("socket");
		int on = 1;
		setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
		if (connect(c->fd, (struct sockaddr *)&a, sizeof(a)) && errno != EINPROGRESS)
			die("connect");
		struct epoll_event ev = {.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP | EPOLLET,
					 .data.ptr = c};
		epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	}
	struct epoll_event evs[1024];
	uint64_t deadline = now_us() + 60000000u;
	while (connected + failed < n && now_us() < deadline) {
		int k = epoll_wait(ep, evs, 1024, 1000);
		for (int i = 0; i < k; i++) {
			struct client *c = evs[i].data.ptr;
			if (c->state != 0)
				continue;
			int err = 0;
			socklen_t len = sizeof(err);
			getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len);
			if (err || (evs[i].events & (EPOLLERR | EPOLLHUP))) {
				c->state = 4;
				failed++;
			} else if (evs[i].events & EPOLLOUT) {
				c->state = 1;
				connected++;
			}
		}
	}
	char b = 1;
	if (write(ready_fd, &b, 1) != 1 || read(go_fd, &b, 1) != 1)
		die("barrier");
	/* The burst: every request written as fast as the loop goes. */
	for (int i = 0; i < n; i++) {
		struct client *c = &cs[i];
		if (c->state != 1)
			continue;
		c->t0 = now_us();
		ssize_t w = send(c->fd, c->req, c->reqlen, MSG_NOSIGNAL);
		if (w > 0)
			c->sent = (size_t)w;
		c->state = 2;
	}
	int pending = 0;
	for (int i = 0; i < n; i++)
		pending += cs[i].state == 2;
	deadline = now_us() + (uint64_t)seconds * 1000000u;
	while (pending > 0 && now_us() < deadline) {
		int k = epoll_wait(ep, evs, 1024, 100);
		for (int i = 0; i < k; i++) {
			struct client *c = evs[i].data.ptr;
			if (c->state != 2)
				continue;
			if (c->sent < c->reqlen) {
				ssize_t w = send(c->fd, c->req + c->sent, c->reqlen - c->sent,
						 MSG_NOSIGNAL);
				if (w > 0)
					c->sent += (size_t)w;
			}
			for (;;) {
				if (c->rcap - c->rlen < 4096) {
					c->rcap = c->rcap ? c->rcap * 2 : 8192;
					c->resp = realloc(c->resp, c->rcap + 1);
				}
				ssize_t r = recv(c->fd, c->resp + c->rlen, c->rcap - c->rlen, 0);
				if (r > 0) {
					c->rlen += (size_t)r;
					if (complete(c, 0)) {
						finish(c, 1);
						pending--;
						break;
					}
					continue;
				}
				if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
					break;
				finish(c, complete(c, 1));
				pending--;
				break;
			}
		}
	}
	for (int i = 0; i < n; i++) {
		struct client *c = &cs[i];
		char *bodyp = "";
		if (c->resp) {
			c->resp[c->rlen] = 0;
			char *e = strstr(c->resp, "\r\n\r\n");
			bodyp = e ? e + 4 : "";
			for (char *p = bodyp; *p; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
		}
		int ra = c->resp && (strcasestr(c->resp, "\r\nRetry-After:") != NULL);
		fprintf(out, "%d %d %lld %d %s\n", c->idx, c->state == 3 ? c->status : 0,
			c->state == 3 ? (long long)(c->t1 - c->t0) : -1LL, ra, bodyp);
	}
	fclose(out);
	exit(0);
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int port = 0, n = 1000, procs = 2, seconds = 30;
	const char *path = "/", *body = NULL, *tokfile = NULL, *key = NULL, *outp = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "p:n:j:P:b:t:k:o:T:")) != -1) {
		switch (opt) {
		case 'p':
			port = atoi(optarg);
			break;
		case 'n':
			n = atoi(optarg);
			break;
		case 'j':
			procs = atoi(optarg);
			break;
		case 'P':
			path = optarg;
			break;
		case 'b':
			body = optarg;
			break;
		case 't':
			tokfile = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'o':
			outp = optarg;
			break;
		case 'T':
			seconds = atoi(optarg);
			break;
		default:
			fprintf(stderr, "usage: see burst.c\n");
			return 2;
		}
	}
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
	char **tokens = NULL;
	if (tokfile) {
		FILE *f = fopen(tokfile, "r");
		if (!f)
			die(tokfile);
		tokens = calloc((size_t)n, sizeof(char *));
		char line[1024];
		for (int i = 0; i < n; i++) {
			if (!fgets(line, sizeof(line), f)) {
				fprintf(stderr, "burst: fewer than %d tokens\n", n);
				return 2;
			}
			line[strcspn(line, " \r\n")] = 0;
			tokens[i] = strdup(line);
		}
		fclose(f);
	}
	int ready[2], go[2];
	if (pipe(ready) || pipe(go))
		die("pipe");
	char tmpl[64];
	snprintf(tmpl, sizeof(tmpl), "/tmp/burst.%d", (int)getpid());
	for (int j = 0; j < procs; j++) {
		char name[96];
		snprintf(name, sizeof(name), "%s.%d", tmpl, j);
		FILE *o = fopen(name, "w");
		if (!o)
			die(name);
		if (fork() == 0)
			run(port, (int)((long)n * j / procs), (int)((long)n * (j + 1) / procs),
			    path, body, tokens, key, ready[1], go[0], o, seconds);
		fclose(o);
	}
	char b;
	for (int j = 0; j < procs; j++)
		if (read(ready[0], &b, 1) != 1)
			die("ready");
	uint64_t t0 = now_us();
	for (int j = 0; j < procs; j++)
		if (write(go[1], &b, 1) != 1)
			die("go");
	for (int j = 0; j < procs; j++)
		wait(NULL);
	uint64_t wall = now_us() - t0;
	long long *lat = calloc((size_t)n, sizeof(long long));
	int nl = 0, counts[600] = {0}, none = 0, over = 0, ra503 = 0;
	FILE *out = outp ? fopen(outp, "w") : NULL;
	for (int j = 0; j < procs; j++) {
		char name[96];
		snprintf(name, sizeof(name), "%s.%d", tmpl, j);
		FILE *f = fopen(name, "r");
		char *line = NULL;
		size_t cap = 0;
		while (f && getline(&line, &cap, f) > 0) {
			int idx, st, ra;
			long long us;
			if (sscanf(line, "%d %d %lld %d", &idx, &st, &us, &ra) != 4)
				continue;
			if (out)
				fputs(line, out);
			if (st <= 0 || st >= 600) {
				none++;
				continue;
			}
			counts[st]++;
			if (st == 503 && ra)
				ra503++;
			lat[nl++] = us;
			if (us > 1000000)
				over++;
		}
		free(line);
		if (f)
			fclose(f);
		unlink(name);
	}
	if (out)
		fclose(out);
	qsort(lat, (size_t)nl, sizeof(*lat), cmp_ll);
#define PCT(p) (nl ? (double)lat[(size_t)((double)(nl - 1) * (p))] / 1000.0 : 0.0)
	printf("BURST clients=%d answered=%d none=%d over_1s=%d", n, nl, none, over);
	for (int s = 100; s < 600; s++)
		if (counts[s])
			printf(" s%d=%d", s, counts[s]);
	printf(" retry_after_503=%d p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f wall_ms=%.1f\n",
	       ra503, PCT(0.5), PCT(0.9), PCT(0.99), PCT(1.0), (double)wall / 1000.0);
	return 0;
}
