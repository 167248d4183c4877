// Phones: every table inside `.table-wrap` becomes a stack of cards below 720 px (app.css). A card
// shows each value beside its column name, so this small script copies each header cell's text onto
// the cells of its column as `data-label` (CSS prints it with ::before). Cells already labelled on the
// server are left alone. A wrapper that still scrolls sideways (wide screens, or a table that stays a
// table) becomes a focusable, named region so keyboard users can scroll it. Without JavaScript the
// wrapper simply scrolls sideways inside the page: the page itself never does.
export const TABLE_CARDS_SCRIPT = `(function(){
var pending=false;
function text(el){return (el.textContent||"").replace(/\\s+/g," ").trim();}
function label(table){
  var head=table.tHead&&table.tHead.rows[table.tHead.rows.length-1];
  if(!head)return false;
  var names=[];
  for(var i=0;i<head.cells.length;i++){var c=head.cells[i];for(var s=0;s<(c.colSpan||1);s++)names.push(text(c));}
  var bodies=[].slice.call(table.tBodies);if(table.tFoot)bodies.push(table.tFoot);
  bodies.forEach(function(b){[].forEach.call(b.rows,function(row){var col=0;[].forEach.call(row.cells,function(cell){
    if(!cell.hasAttribute("data-label"))cell.setAttribute("data-label",names[col]||"");col+=cell.colSpan||1;});});});
  return true;
}
function region(wrap){
  var scrolls=wrap.scrollWidth>wrap.clientWidth+1;
  if(scrolls&&!wrap.hasAttribute("tabindex")){
    var t=wrap.querySelector("table");var cap=t&&t.caption?text(t.caption):"";
    if(!cap){var s=wrap.closest("section,article,main");var h=s&&s.querySelector("h1,h2,h3");cap=h?text(h):"";}
    wrap.setAttribute("tabindex","0");wrap.setAttribute("role","region");wrap.setAttribute("aria-label",cap||document.documentElement.getAttribute("data-table-label")||"table");
    wrap.setAttribute("data-region","");
  }else if(!scrolls&&wrap.hasAttribute("data-region")){
    wrap.removeAttribute("tabindex");wrap.removeAttribute("role");wrap.removeAttribute("aria-label");wrap.removeAttribute("data-region");
  }
}
function run(){
  pending=false;
  [].forEach.call(document.querySelectorAll(".table-wrap"),function(wrap){
    var t=wrap.querySelector("table");
    if(t&&!wrap.classList.contains("cards")&&!t.classList.contains("stack-on-phone")&&label(t))wrap.setAttribute("data-cards","");
    region(wrap);
  });
}
function later(){if(!pending){pending=true;requestAnimationFrame(run);}}
run();
new MutationObserver(later).observe(document.body,{childList:true,subtree:true});
addEventListener("resize",later);
})();`;
