// The environment that gives Dawn an adapter in a child process here: the machine's own
// Vulkan where it has one, else Debian chromium's SwiftShader (a CPU driver: slow, correct).
import { swiftshaderEnv, vulkanSetup, CHROMIUM_DIR, SWIFTSHADER_ICD } from "../../src/backends/vulkan.js";

export { SWIFTSHADER_ICD };

/** Variables to add to a child's environment, or undefined when there is no Vulkan driver at all. */
export function webgpuEnv(): NodeJS.ProcessEnv | undefined {
  const own = vulkanSetup();
  if (own.loader && own.drivers.length) return {};
  if (!swiftshaderEnv()) return undefined;
  return { LD_LIBRARY_PATH: [CHROMIUM_DIR, process.env["LD_LIBRARY_PATH"]].filter(Boolean).join(":"), VK_ICD_FILENAMES: SWIFTSHADER_ICD, XDG_RUNTIME_DIR: process.env["XDG_RUNTIME_DIR"] ?? "/tmp" };
}

/** Why webgpu tests skip where webgpuEnv() is undefined. */
export const NO_VULKAN = `no Vulkan driver here and no ${SWIFTSHADER_ICD} (Debian's chromium; bash scripts/install-test-deps.sh installs it)`;
