# Size and zlib ratio (level 6) of KFP's compiled pipelines and workflows in its test_data.
# git -C <kubeflow/pipelines clone> archive HEAD test_data/sdk_compiled_pipelines/valid test_data/compiled-workflows | tar -x
import glob, json, statistics, sys, zlib
import yaml

def report(name, texts):
    sizes = [len(t.encode()) for t in texts]
    ratios = [len(t.encode()) / len(zlib.compress(t.encode(), 6)) for t in texts]
    q = lambda v: statistics.quantiles(v, n=4)
    print(f"| {name} | {len(texts)} | {q(sizes)[0]/1e3:.1f} / {statistics.median(sizes)/1e3:.1f} / {q(sizes)[2]/1e3:.1f} KB"
          f" | {q(ratios)[0]:.2f} / {statistics.median(ratios):.2f} / {q(ratios)[2]:.2f} |")

root = sys.argv[1] if len(sys.argv) > 1 else "test_data"
specs = sorted(glob.glob(f"{root}/sdk_compiled_pipelines/valid/**/*.yaml", recursive=True))
workflows = sorted(glob.glob(f"{root}/compiled-workflows/*.yaml"))
first = lambda path: [d for d in yaml.safe_load_all(open(path)) if d][0]
print("| texts | files | size p25 / p50 / p75 | zlib ratio p25 / p50 / p75 |")
print("|---|---:|---:|---:|")
report("pipeline spec, YAML as compiled", [open(p).read() for p in specs])
report("pipeline spec, as compact JSON", [json.dumps(first(p), separators=(",", ":")) for p in specs])
report("compiled Argo workflow, as compact JSON", [json.dumps(first(p), separators=(",", ":")) for p in workflows])
report("compiled Argo workflow, YAML as compiled", [open(p).read() for p in workflows])
