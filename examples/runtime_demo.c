/* runtime_demo.c - the runtime alone, used the way plugin-generated code
 * uses it: sessions live on the ever-increasing heap, a timer wheel holds
 * generational references to them. With -DINJECT_BUG a session is closed
 * (freed) while its timer still refers to it; when the timer fires, the
 * reference's generation no longer matches and genref stops the program
 * with a report instead of reading whatever now lives there. */
#include "genref/rt.h"

#include <stdio.h>
#include <string.h>

struct session {
  gr_header_t gr_header; /* what the plugin prepends to a GR_WEAKABLE struct */
  int id;
  char user[16];
  long bytes_in;
};

#define NTIMERS 4
static gr_ref_t timers[NTIMERS]; /* struct session *GR_REF timers[NTIMERS] */

static struct session *open_session(int id, const char *user) {
  struct session *s = gr_alloc(sizeof *s, NULL);
  s->id = id;
  snprintf(s->user, sizeof s->user, "%s", user);
  s->bytes_in = 0;
  return s;
}

static void fire_timers(void) {
  static const gr_site_t site = {__FILE__, 37, 45, "fire_timers", "struct session"};
  for (int i = 0; i < NTIMERS; i++) {
    if (gr_ref_is_null(timers[i]))
      continue;
    /* s->bytes_in: a checked dereference */
    struct session *s = gr_ref_check(timers[i], &site);
    printf("timer %d: session %d (%s) received %ld bytes\n", i, s->id, s->user,
           s->bytes_in);
  }
}

int main(void) {
  const char *users[NTIMERS] = {"ada", "brian", "carol", "dennis"};
  struct session *all[NTIMERS];
  for (int i = 0; i < NTIMERS; i++) {
    all[i] = open_session(i, users[i]);
    all[i]->bytes_in = 100 * (i + 1);
    timers[i] = gr_ref_from_new(all[i]);
  }
  /* Session 2 disconnects. The correct code cancels its timer first. */
#ifndef INJECT_BUG
  timers[2] = gr_ref_null();
#endif
  gr_free(all[2], NULL);
  /* A new connection reuses the freed memory. */
  struct session *eve = open_session(9, "eve");
  printf("new session 9 at %p (session 2 was at %p)\n", (void *)eve,
         (void *)all[2]);
  fire_timers();
  for (int i = 0; i < NTIMERS; i++)
    if (i != 2)
      gr_free(all[i], NULL);
  gr_free(eve, NULL);
  return 0;
}
