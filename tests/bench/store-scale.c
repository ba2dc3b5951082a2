/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store-scale.c - the time hfa_auth_list() takes per stored entry, for
 * stores of 100 to 20,000 entries, in one process: what `hf-auth list`
 * does (read, parse, clean and mask every token, sort) without the
 * process start that tests/bench/store.sh also measures.  Linear reading
 * keeps the time per entry flat; the fastest of several batches counts,
 * as noise on a shared machine only ever adds time.
 *
 *   store-scale DIR N...     (DIR: an empty folder to write stores in)
 *
 * prints "N ns_per_entry" per size.
 */
#include "hfauth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BATCHES 7
/* Entries read per batch, whatever the size: small stores loop more. */
#define ENTRIES_PER_BATCH 200000L

static double now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* A store of `count` entries as huggingface_hub writes it. */
static int write_store(const char *path, long count)
{
    FILE *out = fopen(path, "w");
    if (out == NULL)
        return -1;
    for (long i = 1; i <= count; i++)
        fprintf(out, "[t%05ld]\nhf_token = hf_%020ld\n\n", i, i);
    return fclose(out);
}

static int measure(const char *dir, long count, double *best_ns)
{
    char path[4096], env_home[4200];
    snprintf(path, sizeof(path), "%s/stored_tokens", dir);
    snprintf(env_home, sizeof(env_home), "HF_HOME=%s", dir);
    if (write_store(path, count) != 0)
        return -1;
    char *envp[] = {env_home, NULL};
    hfa_ctx *ctx = NULL;
    hfa_error err;
    if (hfa_ctx_new_for_user(&ctx, dir, envp, &err) != HFA_OK) {
        fprintf(stderr, "store-scale: %s\n", err.message);
        return -1;
    }
    long loops = ENTRIES_PER_BATCH / count > 0 ? ENTRIES_PER_BATCH / count : 1;
    *best_ns = 0;
    for (int batch = 0; batch < BATCHES; batch++) {
        double start = now_ns();
        for (long i = 0; i < loops; i++) {
            hfa_token_list list;
            if (hfa_auth_list(ctx, &list, &err) != HFA_OK ||
                list.count != (size_t)count) {
                fprintf(stderr, "store-scale: %s\n", err.message);
                hfa_ctx_free(ctx);
                return -1;
            }
            hfa_token_list_clear(&list);
        }
        double per_entry = (now_ns() - start) / ((double)loops * count);
        if (batch == 0 || per_entry < *best_ns)
            *best_ns = per_entry;
    }
    hfa_ctx_free(ctx);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: store-scale DIR N...\n");
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        long count = strtol(argv[i], NULL, 10);
        double ns;
        if (count <= 0 || measure(argv[1], count, &ns) != 0)
            return 1;
        printf("%ld %.0f\n", count, ns);
    }
    return 0;
}
