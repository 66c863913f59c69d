// ECharts, only the parts the statistics screen draws: imported from echarts/core so the bundle carries bar,
// pie, line and gauge charts and nothing else, and loaded only when that screen opens (router.js). SVG, not
// canvas: every bar and slice is an element, so tooltips work by keyboard-free hover and tests can find them.
import * as echarts from 'echarts/core'
import { BarChart, GaugeChart, LineChart, PieChart } from 'echarts/charts'
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

echarts.use([BarChart, GaugeChart, LineChart, PieChart, AriaComponent, GridComponent, LegendComponent,
  TooltipComponent, SVGRenderer])

export { echarts }
