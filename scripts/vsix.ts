// The parts of a .vsix (a zip that VS Code installs) that are not the extension's own files:
// the package manifest, the content types, and the npm packages the extension needs at run
// time, found the way Node finds them (each package's own node_modules, then upwards).
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export interface ExtensionManifest {
  name: string;
  displayName: string;
  description: string;
  version: string;
  publisher: string;
  engines: { vscode: string };
  categories?: string[];
  dependencies?: Record<string, string>;
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

export function vsixManifest(pkg: ExtensionManifest): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011" xmlns:d="http://schemas.microsoft.com/developer/vsx-schema-design/2011">
  <Metadata>
    <Identity Language="en-US" Id="${xml(pkg.name)}" Version="${xml(pkg.version)}" Publisher="${xml(pkg.publisher)}" />
    <DisplayName>${xml(pkg.displayName)}</DisplayName>
    <Description xml:space="preserve">${xml(pkg.description)}</Description>
    <Categories>${xml((pkg.categories ?? []).join(","))}</Categories>
    <GalleryFlags>Public</GalleryFlags>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="${xml(pkg.engines.vscode)}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionDependencies" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionPack" Value="" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
    </Properties>
  </Metadata>
  <Installation>
    <InstallationTarget Id="Microsoft.VisualStudio.Code" />
  </Installation>
  <Dependencies />
  <Assets>
    <Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" />
  </Assets>
</PackageManifest>
`;
}

const MIME: Record<string, string> = { ".json": "application/json", ".js": "application/javascript", ".vsixmanifest": "text/xml", ".md": "text/markdown", ".txt": "text/plain" };

/** `[Content_Types].xml`: a content type for every file extension in the package. */
export function contentTypes(files: string[]): string {
  const exts = [...new Set(files.map((f) => path.extname(f).toLowerCase()).filter(Boolean))].sort();
  const defaults = exts.map((e) => `  <Default Extension="${xml(e)}" ContentType="${MIME[e] ?? "application/octet-stream"}" />`);
  return `<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\n${defaults.join("\n")}\n</Types>\n`;
}

/** Where Node finds package `name` required from inside `fromDir`. */
function findPackage(name: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The folders of `deps` and everything they depend on, as Node resolves them from `fromDir`. */
export function runtimePackages(deps: string[], fromDir: string): string[] {
  const found = new Set<string>();
  const visit = (name: string, from: string) => {
    const dir = findPackage(name, from);
    if (!dir) throw new Error(`package ${name} (needed from ${from}) is not installed`);
    if (found.has(dir)) return;
    found.add(dir);
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    for (const d of Object.keys(pkg.dependencies ?? {})) visit(d, dir);
  };
  for (const d of deps) visit(d, fromDir);
  return [...found].sort();
}
