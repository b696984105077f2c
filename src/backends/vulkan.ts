// Where Dawn's Vulkan backend will look for the Vulkan loader and drivers (Linux), so that a
// missing piece is named before Dawn is asked for an adapter (Dawn itself only says that no
// adapter was found, after a warning on stderr).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

/** Debian's chromium ships a Vulkan loader and the SwiftShader CPU driver next to it. */
export const CHROMIUM_DIR = "/usr/lib/chromium";
export const SWIFTSHADER_ICD = path.join(CHROMIUM_DIR, "vk_swiftshader_icd.json");

const LIB_DIRS = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib", "/usr/local/lib"];
const ICD_DIRS = ["/etc/vulkan/icd.d", "/usr/share/vulkan/icd.d", "/usr/local/share/vulkan/icd.d", "/usr/local/nvidia/share/vulkan/icd.d"];

export interface VulkanSetup {
  /** The libvulkan.so.1 the dynamic linker will find, if any. */
  loader: string | undefined;
  /** Driver manifests the loader will read (VK_ICD_FILENAMES / VK_DRIVER_FILES, else the standard folders). */
  drivers: string[];
}

function fromEnvList(name: string): string[] | undefined {
  const v = process.env[name];
  return v ? v.split(":").filter(Boolean) : undefined;
}

export function vulkanSetup(env: NodeJS.ProcessEnv = process.env): VulkanSetup {
  const libDirs = [...(env["LD_LIBRARY_PATH"] ?? "").split(":").filter(Boolean), ...LIB_DIRS];
  const loader = libDirs.map((d) => path.join(d, "libvulkan.so.1")).find((f) => existsSync(f));
  const listed = fromEnvList("VK_DRIVER_FILES") ?? fromEnvList("VK_ICD_FILENAMES");
  const drivers = listed ?? ICD_DIRS.flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => f.endsWith(".json")).map((f) => path.join(d, f)) : []));
  return { loader, drivers: drivers.filter((f) => existsSync(f)) };
}

/** The environment that makes Dawn run on Debian chromium's SwiftShader here, as a shell prefix. */
export function swiftshaderEnv(): string | undefined {
  if (!existsSync(SWIFTSHADER_ICD)) return undefined;
  return `LD_LIBRARY_PATH=${CHROMIUM_DIR} VK_ICD_FILENAMES=${SWIFTSHADER_ICD} XDG_RUNTIME_DIR=/tmp`;
}

/** What is missing for Vulkan, in words, or undefined when a loader and a driver are there. */
export function vulkanGap(setup: VulkanSetup = vulkanSetup()): { missing: string; help: string } | undefined {
  if (process.platform !== "linux") return undefined;
  const swift = swiftshaderEnv();
  const cpuHint = swift ? `; to test on the CPU with Debian chromium's SwiftShader: ${swift}` : "";
  if (!setup.loader) {
    return {
      missing: "no Vulkan loader (libvulkan.so.1) on the library path",
      help: `install it (Debian/Ubuntu: apt-get install libvulkan1) with your GPU's Vulkan driver${cpuHint}`,
    };
  }
  if (setup.drivers.length === 0) {
    return {
      missing: "no Vulkan driver (no ICD manifest in /usr/share/vulkan/icd.d or VK_ICD_FILENAMES)",
      help: `install your GPU's Vulkan driver (NVIDIA: the driver ships nvidia_icd.json; point VK_ICD_FILENAMES at it)${cpuHint}`,
    };
  }
  return undefined;
}
