// The part of jstat (no published types) that the reliability intervals use.
declare module "jstat" {
  const jStat: {
    centralF: { inv(p: number, df1: number, df2: number): number };
  };
  export default jStat;
}
