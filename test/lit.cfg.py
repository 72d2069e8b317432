# lit configuration for genref. Substitutions:
#   %cc        clang-19, C11, warnings as errors, genref headers on the path
#   %gcc       gcc with the same flags (for "any C compiler" tests)
#   %rt        link the runtime (static); %rt_shared, %rt_gen4, %rt_tsan
#   %run       runs a test program (a hook for wrappers; empty by default)
#   %genref_options  nothing; tests set GENREF_OPTIONS with `env`
import os
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

config.substitutions.append(("%cc", "%s %s" % (config.clang, cflags)))
config.substitutions.append(("%gcc", "%s %s" % (config.gcc, cflags)))
# The reference layout under test: `--param layout=compact` reruns the
# plugin, modes and example tests with the compact layout (make check does
# both). Runtime unit tests target one runtime build each, so they and the
# slow corpora run in the fat pass only.
layout = lit_config.params.get("layout", "fat")
if layout not in ("fat", "compact"):
    lit_config.fatal("layout must be fat or compact, not %r" % layout)
config.available_features.add("layout-" + layout)
# Every tool gets its layout explicitly (the tools' own default is compact).
layout_flag = " -fplugin-arg-genref-layout=" + layout
rt_lib = "libgenref_rt.a" if layout == "fat" else "libgenref_rt_compact.a"
if layout == "compact":
    config.name = "genref-compact"
    config.excludes += ["runtime", "bench", "csmith"]
    cflags += " -DGENREF_LAYOUT_COMPACT"
    config.substitutions.insert(0, ("%cc", "%s %s" % (config.clang, cflags)))
    config.substitutions.insert(1, ("%gcc", "%s %s" % (config.gcc, cflags)))

# The plugin and tools (REQUIRES: plugin).
plugin = os.path.join(lib, "genref.so")
config.substitutions.append(("%plugin_cc", "%s -fplugin=%s%s -std=c11 -Wall -Wextra -Werror -g -I%s/annotations" % (config.clang, plugin, layout_flag, src)))
config.substitutions.append(("%plugin_so", plugin))
config.substitutions.append(("%genref_rewrite", os.path.join(obj, "bin", "genref-rewrite") + " --layout=" + layout))
config.substitutions.append(("%genref_cc", os.path.join(obj, "bin", "genref-cc") + " --layout=" + layout))
# Executables link the preinit hook as genref-cc does (runtime/src/preinit.c).
preinit = "-Wl,--whole-archive %s/libgenref_preinit.a -Wl,--no-whole-archive" % lib
config.substitutions.append(("%rt_shared", "-L%s -Wl,-rpath,%s -lgenref_rt -lpthread" % (lib, lib)))
config.substitutions.append(("%rt_gen4", "%s %s/libgenref_rt_gen4.a -lpthread" % (preinit, lib)))
config.substitutions.append(("%rt_tsan", "%s/libgenref_rt_tsan.a -lpthread" % lib))
config.substitutions.append(("%rt", "%s %s/%s -lpthread" % (preinit, lib, rt_lib)))
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
