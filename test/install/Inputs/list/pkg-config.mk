# A pkg-config consumer (test/install/install.test): make -f pkg-config.mk
# srcdir=DIR, with PKG_CONFIG_PATH naming the installed genref.pc.
CC = clang-19
CFLAGS = -O2 $(shell pkg-config --cflags genref)
LDLIBS = $(shell pkg-config --libs genref)

prog: main.o list.o
	$(CC) $(CFLAGS) main.o list.o $(LDLIBS) -o $@

%.o: $(srcdir)/%.c $(srcdir)/list.h
	$(CC) $(CFLAGS) -c $< -o $@
