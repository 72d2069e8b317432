# Warnings every genref target is built with: we read our own diagnostics.
set(GENREF_C_WARNINGS -Wall -Wextra -Wshadow -Wstrict-prototypes
    -Wmissing-prototypes -Wno-unused-parameter)
set(GENREF_CXX_WARNINGS -Wall -Wextra -Wno-unused-parameter)
