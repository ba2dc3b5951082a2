/* SPDX-License-Identifier: Apache-2.0 */
/*
 * spawn.c - runs commands many times, interleaved, and reports the mean
 * wall time of each and the peak RSS of its process (from wait4's rusage).
 * Used by tests/bench/run.sh to compare hf-auth with cat in the same run:
 * interleaving spreads the machine's noise evenly over every command.
 *
 *   spawn ROUNDS -- NAME CMD ARGS... -- NAME CMD ARGS... ...
 *
 * prints "NAME mean_us max_rss_kib" per command.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_COMMANDS 16

typedef struct {
    const char *name;
    char **argv;
    double total_us;
    long max_rss_kib;
} command;

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int run_once(command *cmd)
{
    double start = now_us();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execv(cmd->argv[0], cmd->argv);
        _exit(127);
    }
    int status;
    struct rusage usage;
    if (wait4(pid, &status, 0, &usage) != pid)
        return -1;
    cmd->total_us += now_us() - start;
    if (usage.ru_maxrss > cmd->max_rss_kib)
        cmd->max_rss_kib = usage.ru_maxrss;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 4 || strcmp(argv[2], "--") != 0) {
        fprintf(stderr, "usage: spawn ROUNDS -- NAME CMD ARGS... [-- ...]\n");
        return 2;
    }
    int rounds = atoi(argv[1]);
    command commands[MAX_COMMANDS];
    int count = 0;
    for (int i = 3; i < argc && count < MAX_COMMANDS;) {
        commands[count] = (command){.name = argv[i], .argv = &argv[i + 1]};
        int j = i + 1;
        while (j < argc && strcmp(argv[j], "--") != 0)
            j++;
        argv[j < argc ? j : argc] = NULL;
        count++;
        i = j + 1;
    }
    for (int round = 0; round < rounds; round++) {
        for (int c = 0; c < count; c++) {
            if (run_once(&commands[c]) != 0) {
                fprintf(stderr, "spawn: %s failed\n", commands[c].name);
                return 1;
            }
        }
    }
    for (int c = 0; c < count; c++)
        printf("%s %.1f %ld\n", commands[c].name, commands[c].total_us / rounds,
               commands[c].max_rss_kib);
    return 0;
}
