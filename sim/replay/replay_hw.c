/*
 * replay_hw.c - the hardware-walked machine (modes hw, shadow, nested) fed
 * in a thread of its own, beside the software-managed one: each batch is
 * handed to the worker, the caller feeds its machines, then waits for the
 * worker before the batch's memory can change.  The two machines share
 * nothing mutable (the model is read-only), so results are those of
 * feeding them one after the other; if the thread cannot be started the
 * batch is fed inline (same results).
 */
#include <pthread.h>
#include <stdlib.h>

#include "replay/replay_int.h"

struct replay_hwworker {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	hwmach *H;
	const trace_rec *recs;
	size_t n;
	int job, quit;
};

static void *worker(void *arg)
{
	struct replay_hwworker *w = arg;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->job && !w->quit)
			pthread_cond_wait(&w->cv, &w->mu);
		if (!w->job)
			break;
		const trace_rec *recs = w->recs;
		size_t n = w->n;
		pthread_mutex_unlock(&w->mu);
		(void)hwmach_feed(w->H, recs, n); /* (one VM: all of them) */
		pthread_mutex_lock(&w->mu);
		w->job = 0;
		pthread_cond_broadcast(&w->cv);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

int replay_hw_start(replay *r, const trace_rec *recs, size_t n)
{
	struct replay_hwworker *w = r->hww;
	if (!w) {
		w = calloc(1, sizeof *w);
		if (!w)
			return -1;
		w->H = r->hw;
		if (pthread_mutex_init(&w->mu, NULL)) {
			free(w);
			return -1;
		}
		if (pthread_cond_init(&w->cv, NULL)) {
			pthread_mutex_destroy(&w->mu);
			free(w);
			return -1;
		}
		if (pthread_create(&w->th, NULL, worker, w)) {
			pthread_cond_destroy(&w->cv);
			pthread_mutex_destroy(&w->mu);
			free(w);
			return -1;
		}
		r->hww = w;
	}
	pthread_mutex_lock(&w->mu);
	w->recs = recs;
	w->n = n;
	w->job = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

void replay_hw_wait(replay *r)
{
	struct replay_hwworker *w = r->hww;
	pthread_mutex_lock(&w->mu);
	while (w->job)
		pthread_cond_wait(&w->cv, &w->mu);
	pthread_mutex_unlock(&w->mu);
}

void replay_hw_stop(replay *r)
{
	struct replay_hwworker *w = r->hww;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	w->quit = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->th, NULL);
	pthread_cond_destroy(&w->cv);
	pthread_mutex_destroy(&w->mu);
	free(w);
	r->hww = NULL;
}
