export const demoData = (): any => { throw new Error("todo"); };
