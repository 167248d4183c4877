// The part of jstat (no published types) that the reliability intervals use.
declare module "jstat" {
  export const jStat: {
    centralF: { inv(p: number, df1: number, df2: number): number };
  };
}
