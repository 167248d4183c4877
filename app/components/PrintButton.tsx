// A button that opens the browser's print dialog; hidden on the printed page itself.
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="secondary no-print" onClick={() => window.print()} data-testid="print">
      {label}
    </button>
  );
}
