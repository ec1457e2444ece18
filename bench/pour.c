/*
 * pour.c: COUNT registrations through HTTP as fast as C keep-alive
 * connections take them, each candidate once (bench/exams_http).
 *
 *   pour -p PORT -P PATH -n COUNT [-f FIRST] [-c CONNS] [-k KEY] [-o OUT] [-b BODY]
 *
 * Request i (FIRST <= i < FIRST + COUNT) is POST PATH with
 * "Authorization: Bearer bench-exams-I" (bench/exams_tokens.c),
 * "Idempotency-Key: KEY-I" and a registration body (math, literature and
 * two electives that vary with i; with -b, BODY with every '@' replaced by
 * i: bench/support_http files tickets so). Each connection sends its next request
 * when the answer to the last is in; a closed connection is reopened.
 * Prints one line when every request is answered:
 *   POUR count=N created=N other=N errors=N seconds=F rate=F p50_ms=F p99_ms=F max_ms=F
 * (rate: 201 answers per second, from the first request's write to the
 * last answer); with -o, "i status" per request to OUT.
 *
 * Build: cc -std=c17 -O2 -Wall -Wextra -Werror -o pour pour.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn {
	int fd;
	long i; /* the request in flight, or -1 */
	char req[1024];
	size_t reqlen, sent;
	char resp[16384];
	size_t rlen;
	uint64_t t0;
};

static int port;
static const char *path, *key = "pour", *body_tpl;
static long first = 1, count, next_i, answered, created, other, errors;
static int ep;
static uint32_t *lat_us;
static short *status_of;

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

static const char *const electives[] = {
	"\"physics\",\"chemistry\"",	   "\"chemistry\",\"biology\"",
	"\"history\",\"geography\"",	   "\"foreign_language\",\"physics\"",
	"\"economics_law\",\"geography\"", "\"informatics\",\"physics\"",
};

static void conn_open(struct conn *c)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	c->fd = socket(AF_INET, SOCK_STREAM, 0);
	int on = 1;
	setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&a, sizeof(a))) {
		perror("pour: connect");
		exit(1);
	}
	struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.ptr = c};
	epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
	c->rlen = 0;
}

/* Send request c->i (blocking socket: small requests, a fresh buffer). */
static void send_req(struct conn *c)
{
	long i = c->i;
	char body[512];
	int bl = 0;
	if (body_tpl) {
		for (const char *t = body_tpl; *t && bl < (int)sizeof(body) - 24; t++)
			if (*t == '@')
				bl += snprintf(body + bl, sizeof(body) - (size_t)bl, "%ld", i);
			else
				body[bl++] = *t;
		body[bl] = 0;
	} else {
		bl = snprintf(body, sizeof(body),
			      "{\"subjects\":[\"math\",\"literature\",%s],\"exemptions\":[],"
			      "\"category\":null}",
			      electives[i % 6]);
	}
	c->reqlen = (size_t)snprintf(c->req, sizeof(c->req),
				     "POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
				     "bench-exams-%ld\r\nIdempotency-Key: %s-%ld\r\nContent-Type: "
				     "application/json\r\nContent-Length: %d\r\n\r\n%s",
				     path, i, key, i, bl, body);
	c->t0 = now_us();
	c->rlen = 0;
	if (send(c->fd, c->req, c->reqlen, MSG_NOSIGNAL) != (ssize_t)c->reqlen) {
		close(c->fd);
		conn_open(c);
		if (send(c->fd, c->req, c->reqlen, MSG_NOSIGNAL) != (ssize_t)c->reqlen) {
			perror("pour: send");
			exit(1);
		}
	}
}

static void next(struct conn *c)
{
	if (next_i >= count) {
		c->i = -1;
		return;
	}
	c->i = first + next_i++;
	send_req(c);
}

/* Length of a whole answer at the start of c->resp, or 0. */
static size_t whole(struct conn *c)
{
	char *end = memmem(c->resp, c->rlen, "\r\n\r\n", 4);
	if (!end)
		return 0;
	size_t head = (size_t)(end - c->resp) + 4;
	char *cl = memmem(c->resp, head, "Content-Length:", 15);
	size_t n = cl ? strtoul(cl + 15, NULL, 10) : 0;
	return c->rlen >= head + n ? head + n : 0;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int conns = 64, opt;
	const char *outp = NULL;
	while ((opt = getopt(argc, argv, "p:P:n:f:c:k:o:b:")) != -1) {
		switch (opt) {
		case 'p':
			port = atoi(optarg);
			break;
		case 'P':
			path = optarg;
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'f':
			first = atol(optarg);
			break;
		case 'c':
			conns = atoi(optarg);
			break;
		case 'k':
			key = optarg;
			break;
		case 'o':
			outp = optarg;
			break;
		case 'b':
			body_tpl = optarg;
			break;
		default:
			fprintf(stderr, "usage: see pour.c\n");
			return 2;
		}
	}
	if (!port || !path || count <= 0) {
		fprintf(stderr,
			"usage: pour -p PORT -P PATH -n COUNT [-f FIRST] [-c CONNS] [-k KEY]\n");
		return 2;
	}
	lat_us = calloc((size_t)count, sizeof(*lat_us));
	status_of = calloc((size_t)count, sizeof(*status_of));
	struct conn *cs = calloc((size_t)conns, sizeof(*cs));
	ep = epoll_create1(0);
	if (!lat_us || !status_of || !cs || ep < 0)
		return 1;
	for (int k = 0; k < conns; k++)
		conn_open(&cs[k]);
	uint64_t t0 = now_us();
	for (int k = 0; k < conns; k++)
		next(&cs[k]);
	struct epoll_event evs[256];
	while (answered < count) {
		int n = epoll_wait(ep, evs, 256, 60000);
		if (n <= 0) {
			fprintf(stderr, "pour: no answer for 60 s (%ld of %ld answered)\n",
				answered, count);
			return 1;
		}
		for (int e = 0; e < n; e++) {
			struct conn *c = evs[e].data.ptr;
			if (c->i < 0)
				continue;
			ssize_t r = recv(c->fd, c->resp + c->rlen, sizeof(c->resp) - 1 - c->rlen,
					 MSG_DONTWAIT);
			if (r > 0)
				c->rlen += (size_t)r;
			size_t len = whole(c);
			if (!len && (r == 0 || (r < 0 && errno != EAGAIN))) {
				/* Closed before a whole answer: count it, reopen. */
				long k = c->i - first;
				status_of[k] = 0;
				lat_us[k] = (uint32_t)(now_us() - c->t0);
				errors++;
				answered++;
				epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
				close(c->fd);
				conn_open(c);
				next(c);
				continue;
			}
			if (!len)
				continue;
			long k = c->i - first;
			int st = atoi(c->resp + 9);
			status_of[k] = (short)st;
			lat_us[k] = (uint32_t)(now_us() - c->t0);
			answered++;
			if (st == 201)
				created++;
			else if (other++ < 3)
				fprintf(stderr, "pour: request %ld: %.300s\n", c->i, c->resp);
			int closing = memmem(c->resp, len, "Connection: close", 17) != NULL;
			if (closing) {
				epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
				close(c->fd);
				conn_open(c);
			}
			next(c);
		}
	}
	double secs = (double)(now_us() - t0) / 1e6;
	if (outp) {
		FILE *o = fopen(outp, "w");
		for (long k = 0; o && k < count; k++)
			fprintf(o, "%ld %d\n", first + k, status_of[k]);
		if (o)
			fclose(o);
	}
	qsort(lat_us, (size_t)count, sizeof(*lat_us), cmp_u32);
	printf("POUR count=%ld created=%ld other=%ld errors=%ld seconds=%.2f rate=%.0f p50_ms=%.1f "
	       "p99_ms=%.1f max_ms=%.1f\n",
	       count, created, other, errors, secs, (double)created / secs,
	       lat_us[count / 2] / 1000.0, lat_us[(size_t)((double)(count - 1) * 0.99)] / 1000.0,
	       lat_us[count - 1] / 1000.0);
	return 0;
}
