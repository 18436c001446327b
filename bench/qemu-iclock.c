/* qemu 7.2 TCG plugin for qemu-user i386: counts guest instructions and makes clock_gettime64
 * (syscall 403) answer the count: tv_sec = count / 1e9, tv_nsec = count % 1e9. Needs the guest
 * base given with -B/QEMU_GUEST_BASE and the same value as the plugin argument base=0x... */
#include <stdint.h>
#include <stdio.h>
#include <stdbool.h>
#include <string.h>
#include <stdlib.h>
typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
typedef struct { const char *target_name; struct { int min; int cur; } version; bool system_emulation; union { struct { int smp_vcpus; int max_vcpus; } system; }; } qemu_info_t;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*syscall_cb)(qemu_plugin_id_t, unsigned int, int64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);
typedef void (*syscall_ret_cb)(qemu_plugin_id_t, unsigned int, int64_t, int64_t);
extern void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, tb_trans_cb);
extern size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
extern void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *, enum qemu_plugin_op, void *, uint64_t);
extern void qemu_plugin_register_vcpu_syscall_cb(qemu_plugin_id_t, syscall_cb);
extern void qemu_plugin_register_vcpu_syscall_ret_cb(qemu_plugin_id_t, syscall_ret_cb);
__attribute__((visibility("default"))) int qemu_plugin_version = 1;
static uint64_t count;
static uint64_t base;
static uint64_t ptr;
static void trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &count, qemu_plugin_tb_n_insns(tb));
}
static void sys(qemu_plugin_id_t id, unsigned int v, int64_t num, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8) {
  ptr = num == 403 ? a2 : 0;
}
static void ret(qemu_plugin_id_t id, unsigned int v, int64_t num, int64_t r) {
  if (num == 403 && ptr != 0 && r == 0) {
    uint8_t *p = (uint8_t *)(uintptr_t)(base + (uint32_t)ptr);
    int64_t sec = (int64_t)(count / 1000000000ull);
    int32_t nsec = (int32_t)(count % 1000000000ull);
    memcpy(p, &sec, 8);
    memcpy(p + 8, &nsec, 4);
  }
  ptr = 0;
}
__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info, int argc, char **argv) {
  for (int i = 0; i < argc; i++) if (strncmp(argv[i], "base=", 5) == 0) base = strtoull(argv[i] + 5, 0, 0);
  if (base == 0) { fprintf(stderr, "iclock: base=0x... (the guest base, -B) is required\n"); return -1; }
  qemu_plugin_register_vcpu_tb_trans_cb(id, trans);
  qemu_plugin_register_vcpu_syscall_cb(id, sys);
  qemu_plugin_register_vcpu_syscall_ret_cb(id, ret);
  return 0;
}
