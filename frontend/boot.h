/*
 * `ferry boot`: launch the virt machine, in a window or headless.
 */
#ifndef FERRY_BOOT_H
#define FERRY_BOOT_H

int cmd_boot(int argc, char **argv);

#endif
