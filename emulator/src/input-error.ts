/** A caller mistake (unknown id, bad scope...), mapped to 400 by the admin surfaces. */
export class EmulatorInputError extends Error {}
