/* atomics: __atomic and __sync builtins (ll/sc loops), C11 stdatomic */
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
static int counter;
static atomic_uint au = 5;
static _Atomic long long a64;
int main(void)
{
	for (int i = 0; i < 1000; i++) {
		__sync_fetch_and_add(&counter, 3);
		__atomic_fetch_sub(&counter, 1, __ATOMIC_SEQ_CST);
	}
	int old = __sync_val_compare_and_swap(&counter, 2000, 77);
	int ok = __sync_bool_compare_and_swap(&counter, 77, 78);
	int bad = __sync_bool_compare_and_swap(&counter, 77, 79);
	printf("%d %d %d %d\n", old, ok, bad, counter);
	unsigned prev = atomic_fetch_or(&au, 0x30);
	prev += atomic_fetch_and(&au, 0xf0);
	prev += atomic_fetch_xor(&au, 0xff);
	unsigned expected = 0xcf;
	int ok2 = atomic_compare_exchange_strong(&au, &expected, 1234);
	printf("%u %d %u %u\n", prev, ok2, expected, atomic_load(&au));
	int x = __atomic_exchange_n(&counter, 5, __ATOMIC_ACQ_REL);
	printf("%d %d\n", x, __atomic_add_fetch(&counter, 10, __ATOMIC_RELAXED));
	atomic_store(&a64, 1LL << 40);
	atomic_fetch_add(&a64, 12345);
	printf("%lld\n", (long long)atomic_load(&a64));
	__sync_synchronize();
	atomic_flag fl = ATOMIC_FLAG_INIT;
	printf("%d %d\n", atomic_flag_test_and_set(&fl), atomic_flag_test_and_set(&fl));
	return 0;
}
