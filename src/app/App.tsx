export function App() {
  return <main><h1>Multilevel Studio</h1></main>;
}
