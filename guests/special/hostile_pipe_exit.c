/* issue 12, item 1, verbatim: the main process exits while a child is
 * still blocked reading a pipe; vmmsim's teardown must not use freed
 * processes (it exited 139 or hung).  Linux and qemu: exit status 0. */
#include <sched.h>
#include <unistd.h>
int main(void){int p[2];pipe(p);if(fork()==0){char c;read(p[0],&c,1);_exit(0);}sched_yield();return 0;}
