/*
 * stdin_reader.c: the thread that reads standard input (see
 * stdin_reader.h).
 *
 * Requests are served one at a time in the order they came.  The thread
 * waits for input with poll() and a short timeout, so it notices when the
 * VM stops; bytes are read with read(2) into a buffer of its own, and what
 * a request does not take stays there for the next one.
 */
#include "stdin_reader.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../gc/literal.h"
#include "atoms_gen.h"
#include "signal.h"
#include "vm.h"

typedef struct StdinReq {
    struct StdinReq *next;
    Term pid;
    bool line;
    size_t n;
} StdinReq;

struct StdinReader {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    StdinReq *first, **last; /* pending requests, oldest first */
    _Atomic(size_t) pending; /* requests not yet answered */
    bool stop;
    bool eof;                /* descriptor 0 reached its end */
    unsigned char *buf;      /* bytes read and not yet handed out */
    size_t len, cap;
};

static bool stopping(struct StdinReader *r) {
    pthread_mutex_lock(&r->lock);
    bool stop = r->stop;
    pthread_mutex_unlock(&r->lock);
    return stop;
}

/* Reads more bytes into the buffer: false at end of input or on stop. */
static bool fill(struct StdinReader *r) {
    if (r->eof) return false;
    if (r->cap - r->len < 4096) {
        size_t cap = r->cap ? r->cap * 2 : 8192;
        unsigned char *b = realloc(r->buf, cap);
        if (!b) return false;
        r->buf = b;
        r->cap = cap;
    }
    for (;;) {
        if (stopping(r)) return false;
        struct pollfd pfd = {0, POLLIN, 0};
        int ready = poll(&pfd, 1, 100);
        if (ready < 0 && errno == EINTR) continue;
        if (ready == 0) continue;
        ssize_t got = read(0, r->buf + r->len, r->cap - r->len);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (got <= 0) {
            r->eof = true;
            return false;
        }
        r->len += (size_t)got;
        return true;
    }
}

/* How many buffered bytes the request takes (0 when it needs more). */
static size_t ready_bytes(const struct StdinReader *r, const StdinReq *q) {
    if (!q->line) return r->len >= q->n ? q->n : (r->eof ? r->len : 0);
    const unsigned char *nl = memchr(r->buf, '\n', r->len);
    if (nl) return (size_t)(nl - r->buf) + 1;
    return r->eof ? r->len : 0;
}

/* Sends {girder_io_input, Data} to the requester: Data is a binary of the
 * first `take` buffered bytes, or eof when there are none. */
static void answer(girder_vm *vm, struct StdinReader *r, const StdinReq *q, size_t take) {
    Term buf[3 + HEAP_BIN_WORDS(HEAP_BIN_MAX) + REFC_BIN_WORDS];
    Term data = ATOM_eof;
    OffHeap oh = {NULL, 0};
    if (take) {
        Term *hp = buf + 3;
        if (take <= HEAP_BIN_MAX) {
            hp[0] = MAKE_HEADER(SUB_HEAP_BIN, HEAP_BIN_WORDS(take) - 1);
            hp[1] = take;
            hp[HEAP_BIN_WORDS(take) - 1] = 0;
            memcpy(hp + 2, r->buf, take);
            data = make_boxed(hp);
        } else {
            BinRefc *b = bin_refc_new(take);
            if (b) {
                memcpy(b->data, r->buf, take);
                data = bin_make_refc_handle(hp, b, &oh); /* the copy sent takes its own reference */
            }
        }
        memmove(r->buf, r->buf + take, r->len - take);
        r->len -= take;
    }
    buf[0] = MAKE_HEADER(SUB_TUPLE, 2);
    buf[1] = ATOM_girder_io_input;
    buf[2] = data;
    (void)sig_send(vm, q->pid, q->pid, SIG_MESSAGE, make_boxed(buf), NULL);
    off_heap_release_all(&oh);
}

static void *reader_main(void *arg) {
    girder_vm *vm = arg;
    struct StdinReader *r = vm->stdin_reader;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        while (!r->first && !r->stop) pthread_cond_wait(&r->cond, &r->lock);
        if (r->stop) {
            pthread_mutex_unlock(&r->lock);
            return NULL;
        }
        StdinReq *q = r->first;
        r->first = q->next;
        if (!r->first) r->last = &r->first;
        pthread_mutex_unlock(&r->lock);
        size_t take;
        while (!(take = ready_bytes(r, q)) && fill(r)) {
        }
        if (!stopping(r)) answer(vm, r, q, take);
        free(q);
        atomic_fetch_sub(&r->pending, 1);
    }
}

static struct StdinReader *start(girder_vm *vm) {
    struct StdinReader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->cond, NULL);
    r->last = &r->first;
    vm->stdin_reader = r;
    if (pthread_create(&r->thread, NULL, reader_main, vm) != 0) {
        vm->stdin_reader = NULL;
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->cond);
        free(r);
        return NULL;
    }
    return r;
}

bool stdin_request(girder_vm *vm, Term pid, bool line, size_t n) {
    StdinReq *q = malloc(sizeof *q);
    if (!q) return false;
    *q = (StdinReq){NULL, pid, line, n};
    pthread_mutex_lock(&vm->stdin_lock);
    struct StdinReader *r = vm->stdin_reader ? vm->stdin_reader : start(vm);
    pthread_mutex_unlock(&vm->stdin_lock);
    if (!r) {
        free(q);
        return false;
    }
    atomic_fetch_add(&r->pending, 1);
    pthread_mutex_lock(&r->lock);
    *r->last = q;
    r->last = &q->next;
    pthread_cond_signal(&r->cond);
    pthread_mutex_unlock(&r->lock);
    return true;
}

bool stdin_pending(girder_vm *vm) {
    pthread_mutex_lock(&vm->stdin_lock);
    bool pending = vm->stdin_reader && atomic_load(&vm->stdin_reader->pending);
    pthread_mutex_unlock(&vm->stdin_lock);
    return pending;
}

void stdin_reader_stop(girder_vm *vm) {
    struct StdinReader *r = vm->stdin_reader;
    if (!r) return;
    pthread_mutex_lock(&r->lock);
    r->stop = true;
    pthread_cond_signal(&r->cond);
    pthread_mutex_unlock(&r->lock);
    pthread_join(r->thread, NULL);
    while (r->first) {
        StdinReq *q = r->first;
        r->first = q->next;
        free(q);
    }
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->cond);
    free(r->buf);
    free(r);
    vm->stdin_reader = NULL;
}
