/* The policy object of lit's fast pass (lit --param mode=fast, see
 * cmake/variants.txt): the test programs are built in fast mode to check
 * that they still behave, so every translation unit is allowed to run
 * unchecked. The glob '*' matches any file name (runtime/src/policy.c). The
 * record is the one genref-cc --allow-unchecked writes. */
static const char genref_test_allow_all[]
    __attribute__((section("genref_policy"), used, retain, aligned(1))) =
        "GRPOL1\tallow=*\n";
