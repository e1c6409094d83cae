/* alarm(): SIGALRM to a handler interrupting pause(), to a busy loop (the
 * handler runs at a quantum boundary), then its default action (142). */
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
static volatile int n;
static void h(int s) { (void)s; n++; }
int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGALRM, h);
	printf("alarm %u\n", alarm(1));
	printf("again %u\n", alarm(1));
	pause();
	printf("after pause n=%d\n", n);
	alarm(1);
	volatile unsigned long x = 0;
	while (!n || n < 2) x++;
	printf("busy loop ended n=%d\n", n);
	signal(SIGALRM, SIG_DFL);
	alarm(1);
	for (;;) x++;
}
