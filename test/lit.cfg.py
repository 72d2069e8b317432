# lit configuration for genref. Substitutions:
#   %cc        clang-19, C11, warnings as errors, genref headers on the path
#   %gcc       gcc with the same flags (for "any C compiler" tests)
#   %rt        link the layout's runtime (static); %rt_shared, %rt_gen4,
#              %rt_tsan, %rt_asan its variants (cmake/variants.txt;
#              features rt-shared, rt-gen4, rt-tsan, rt-asan say which the
#              layout has)
#   %plugin_cc, %genref_cc, %genref_rewrite  the plugin and tools, with the
#              layout and mode under test (features layout-L, mode-M)
#   %genref_annotate  the annotation tool (no layout or mode of its own)
#   %run       runs a test program (a hook for wrappers; empty by default)
#   %genref_options  nothing; tests set GENREF_OPTIONS with `env`
import os
import sys
import lit.formats

config.name = "genref"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.genref_obj_root, "test")

src = config.genref_src_root
obj = config.genref_obj_root
lib = os.path.join(obj, "lib")
incs = "-I%s/annotations -I%s/runtime/include" % (src, src)
cflags = "-std=c11 -Wall -Wextra -Werror -g " + incs

# What this run tests comes from cmake/variants.txt (read by
# scripts/genref_variants.py): `--param pass=NAME` takes one of its passes
# (layout, mode, test directories; scripts/check runs them all), and
# `--param layout=L` / `--param mode=M` choose or override those.
sys.path.insert(0, os.path.join(src, "scripts"))
import genref_variants

variants = genref_variants.Variants()
pass_name = lit_config.params.get("pass")
run = variants.pass_named(pass_name) if pass_name else None
if pass_name and not run:
    lit_config.fatal("no pass %r in cmake/variants.txt (have: %s)"
                     % (pass_name, ", ".join(p.name for p in variants.passes)))
layout = lit_config.params.get("layout", run.layout if run else variants.default_layout().name)
if not variants.layout(layout):
    lit_config.fatal("layout must be one of %s, not %r"
                     % (", ".join(l.name for l in variants.layouts), layout))
mode = lit_config.params.get("mode", run.mode if run else "resilient")
if mode not in genref_variants.MODES:
    lit_config.fatal("mode must be one of %s, not %r" % (", ".join(genref_variants.MODES), mode))
config.available_features.add("layout-" + layout)
config.available_features.add("mode-" + mode)
# In the mode passes, runs whose outcome depends on the mode say so:
# `%if mode-resilient %{...%}` around checks of resilient mode's rewritten
# text, `%if !mode-fast %{...%}` around runs of a stale GR_REF dereference
# (unchecked, so undefined, in fast mode), UNSUPPORTED/XFAIL: mode-M with the
# reason where a whole test does not apply. %mode and %layout name them.
config.substitutions.append(("%mode", mode))
config.substitutions.append(("%layout", layout))
if run:
    config.name = "genref-" + run.name
    config.excludes += run.excludes(sorted(
        d for d in os.listdir(config.test_source_root)
        if os.path.isdir(os.path.join(config.test_source_root, d))))
define = variants.layout(layout).define
if define:
    cflags += " -D" + define
config.substitutions.append(("%cc", "%s %s" % (config.clang, cflags)))
config.substitutions.append(("%gcc", "%s %s" % (config.gcc, cflags)))

# The plugin and tools (REQUIRES: plugin) get the layout and mode
# explicitly (the tools' own default layout is the table's default). In fast
# mode every program links a policy object allowing unchecked code
# (test/Inputs/allow_all.c): the test programs' own behaviour is under test.
tool_layout = " --layout=" + layout
tool_mode = "" if mode == "resilient" else " --mode=" + mode
plugin_args = " -fplugin-arg-genref-layout=" + layout
if mode != "resilient":
    plugin_args += " -fplugin-arg-genref-mode=" + mode
policy = ""
if mode == "fast":
    policy = " -Wl,--whole-archive %s/test/libgenref_test_allow_all.a -Wl,--no-whole-archive" % obj
    tool_mode += " --allow-unchecked='*'"
plugin = os.path.join(lib, "genref.so")
config.substitutions.append(("%plugin_cc", "%s -fplugin=%s%s -std=c11 -Wall -Wextra -Werror -g -I%s/annotations" % (config.clang, plugin, plugin_args, src)))
config.substitutions.append(("%plugin_so", plugin))
config.substitutions.append(("%genref_rewrite", os.path.join(obj, "bin", "genref-rewrite") + tool_layout + (" --mode=" + mode if mode != "resilient" else "")))
config.substitutions.append(("%genref_annotate", os.path.join(obj, "bin", "genref-annotate")))
config.substitutions.append(("%genref_cc", os.path.join(obj, "bin", "genref-cc") + tool_layout + tool_mode))

# The layout's runtimes: %rt, %rt_gen4, %rt_tsan, %rt_asan, %rt_shared (the
# names follow cmake/variants.txt; longest first, so %rt does not match a
# prefix of another). Executables link the preinit hook as genref-cc does
# (runtime/src/preinit.c), except sanitizer ones (genref-cc neither).
preinit = "-Wl,--whole-archive %s/libgenref_preinit.a -Wl,--no-whole-archive" % lib
for r in sorted(variants.runtimes_of(layout), key=lambda r: -len(r.role())):
    if r.link == "shared":
        link = "-L%s -Wl,-rpath,%s -l%s -lpthread" % (lib, lib, r.file_name()[3:-3])
    elif r.sanitizer != "none":
        link = "%s/%s -lpthread" % (lib, r.file_name())
    else:
        link = "%s %s/%s -lpthread" % (preinit, lib, r.file_name())
    config.substitutions.append(("%rt" + r.role(), link + policy))
    if r.role():
        config.available_features.add("rt" + r.role().replace("_", "-"))
config.substitutions.append(("%run", ""))
config.substitutions.append(("%src_root", src))
config.substitutions.append(("%obj_root", obj))

config.environment["PATH"] = os.pathsep.join(
    [config.filecheck_dir, os.path.join(obj, "bin"), config.environment.get("PATH", "")])
# A user's GENREF_OPTIONS must not change test outcomes.
config.environment.pop("GENREF_OPTIONS", None)
for var in ["HOME", "TMPDIR"]:
    if var in os.environ:
        config.environment[var] = os.environ[var]

if os.path.exists(os.path.join(lib, "genref.so")):
    config.available_features.add("plugin")
